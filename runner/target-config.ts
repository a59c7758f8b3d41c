import type { ScenarioTarget } from '../scenarios/types.js';

/**
 * Where the run's target comes from, with the defaults that let any library scenario run against
 * any integration without editing the scenario (docs/bring-your-own-integration.md):
 *
 * - a command (`--target-cmd` or `target.command`) that omnichaos starts, or `--external-target`
 *   for one somebody else started;
 * - the port it listens on, given to it as `PORT`: `--target-port`, else the port of the health
 *   URL, else `PORT` from `target.env`, else a free port the runner picks;
 * - its health URL: `--target-health`, else `target.health`, else `http://127.0.0.1:<PORT>/health`;
 * - its webhook URLs: with `--webhook-base`, `<base>/webhooks/<system>` for every system; else
 *   the scenario's `target.webhooks` when it lists any; else `/webhooks/<system>` on the target's
 *   port (or on the health URL's origin for an external target).
 */

export interface TargetFlags {
  /** `--target-cmd`: replaces `target.command`. */
  targetCmd?: string;
  /** `--target-health URL`. */
  targetHealth?: string;
  /** `--target-port N`, passed to the target as `PORT`. */
  targetPort?: number;
  /** `--webhook-base URL`: every system's webhooks go to `<base>/webhooks/<system>`. */
  webhookBase?: string;
  /** `--target-env K=V` (repeatable), over `target.env`. */
  targetEnv?: Record<string, string>;
  /** `--external-target`: do not start anything, wait for the health URL of a running target. */
  externalTarget?: boolean;
}

/** The target the runner will start (or wait for), every default filled. */
export interface ResolvedTarget extends ScenarioTarget {
  health: string;
  /** The port the target is told to listen on (`PORT`); absent for an external target on a URL only. */
  port?: number;
}

/** A target configuration that cannot work: exit 2, the message says what to add. */
export class TargetConfigError extends Error {}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function portOf(url: string): number | undefined {
  const u = new URL(url);
  if (!LOOPBACK.has(u.hostname)) return undefined;
  if (u.port) return Number(u.port);
  return u.protocol === 'https:' ? 443 : 80;
}

/**
 * Fill in the target: `systems` are the simulators that may send webhooks, `freePort` picks a
 * port when nothing names one.
 *
 * @example await resolveTarget(scenario.target, { targetCmd: 'node server.js' }, ['pos'], freePort)
 */
export async function resolveTarget(
  target: ScenarioTarget,
  flags: TargetFlags,
  systems: readonly string[],
  freePort: () => Promise<number>,
): Promise<ResolvedTarget> {
  if (flags.externalTarget && flags.targetCmd)
    throw new TargetConfigError(
      '--external-target means omnichaos starts nothing: drop --target-cmd, or drop --external-target to have omnichaos start it',
    );
  const command = flags.externalTarget ? undefined : (flags.targetCmd ?? target.command);
  let health = flags.targetHealth ?? target.health;
  if (!command && !flags.externalTarget)
    throw new TargetConfigError(
      'no target to run against. Add --target-cmd "<the command that starts your integration>" ' +
        '(e.g. --target-cmd "node examples/minimal-target/server.mjs"), or --external-target ' +
        '--target-health http://127.0.0.1:<port>/health for an integration you started yourself. ' +
        'See docs/bring-your-own-integration.md',
    );
  if (!command && !health)
    throw new TargetConfigError(
      '--external-target needs the URL that says it is ready: add --target-health http://127.0.0.1:<port>/health',
    );
  const envPort = target.env.PORT !== undefined ? Number(target.env.PORT) : undefined;
  let port =
    flags.targetPort ??
    (health !== undefined ? portOf(health) : undefined) ??
    (Number.isInteger(envPort) && envPort! > 0 ? envPort : undefined);
  if (command && port === undefined) port = await freePort();
  health ??= `http://127.0.0.1:${port}/health`;
  const base = (
    flags.webhookBase ?? (command ? `http://127.0.0.1:${port}` : new URL(health).origin)
  ).replace(/\/+$/, '');
  const listed = Object.keys(target.webhooks).length > 0;
  const webhooks =
    listed && flags.webhookBase === undefined
      ? { ...target.webhooks }
      : Object.fromEntries(systems.map((s) => [s, `${base}/webhooks/${s}`]));
  return {
    ...target,
    command,
    health,
    port,
    env: {
      ...target.env,
      ...(port !== undefined && command ? { PORT: String(port) } : {}),
      ...flags.targetEnv,
    },
    webhooks,
  };
}

/**
 * `K=V` pairs from the command line.
 *
 * @example parseEnvPairs(['A=1', 'B=x=y']) // { A: '1', B: 'x=y' }
 */
export function parseEnvPairs(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new TargetConfigError(`--target-env expects KEY=VALUE, got "${pair}"`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}
