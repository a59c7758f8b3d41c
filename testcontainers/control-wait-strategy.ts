import type { WaitStrategy } from 'testcontainers';

type DockerContainer = Parameters<WaitStrategy['waitUntilReady']>[0];

/**
 * Ready when `GET /_omnichaos/health` answers 200. With host networking there are no mapped
 * ports, so testcontainers' own `Wait.forHttp` has nothing to probe (docs/development.md): this polls the
 * host port directly, and fails at once with the container's last log lines if it exits.
 *
 * @example new OmnichaosContainer(image).withWaitStrategy(new ControlPlaneWaitStrategy(url))
 */
export class ControlPlaneWaitStrategy implements WaitStrategy {
  private startupTimeoutMs = 60_000;
  private startupTimeoutSet = false;

  constructor(
    private readonly controlUrl: string,
    private readonly headers: Record<string, string> = {},
    private readonly intervalMs = 100,
  ) {}

  async waitUntilReady(container: DockerContainer): Promise<void> {
    const deadline = Date.now() + this.startupTimeoutMs;
    const url = `${this.controlUrl}/_omnichaos/health`;
    for (;;) {
      const res = await fetch(url, {
        headers: this.headers,
        signal: AbortSignal.timeout(2_000),
      }).catch(() => undefined);
      if (res?.ok) return;
      const state = (await container.inspect()).State;
      if (!state.Running)
        throw new Error(
          `[omnichaos:testcontainers] the container exited (code ${state.ExitCode}) before ${url} answered:\n${await lastLogLines(container)}`,
        );
      if (Date.now() > deadline)
        throw new Error(
          `[omnichaos:testcontainers] ${url} did not answer 200 within ${this.startupTimeoutMs} ms (last: ${res?.status ?? 'no connection'}); raise it with withStartupTimeout(ms):\n${await lastLogLines(container)}`,
        );
      await new Promise((r) => setTimeout(r, this.intervalMs));
    }
  }

  withStartupTimeout(startupTimeoutMs: number): this {
    this.startupTimeoutMs = startupTimeoutMs;
    this.startupTimeoutSet = true;
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.startupTimeoutSet;
  }

  getStartupTimeout(): number {
    return this.startupTimeoutMs;
  }
}

/** The last lines of stdout and stderr (Docker frames them: 8-byte header, then the payload). */
async function lastLogLines(container: DockerContainer, tail = 20): Promise<string> {
  const raw = (await container
    .logs({ stdout: true, stderr: true, tail, follow: false })
    .catch(() => Buffer.alloc(0))) as Buffer;
  const chunks: Buffer[] = [];
  for (let at = 0; at + 8 <= raw.length;) {
    const size = raw.readUInt32BE(at + 4);
    chunks.push(raw.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(chunks).toString('utf8').trimEnd() || '(no output)';
}
