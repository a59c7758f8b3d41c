import { DockerComposeEnvironment, type StartedDockerComposeEnvironment } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePortBlock } from '../../testcontainers/index.js';
import { ROOT } from '../support/cli.js';
import { registeredSimulators } from '../../simulators/index.js';
import { IMAGE, buildImage, containers, haveDocker } from './docker.js';

/**
 * docker-compose.yml as a user brings it up (compose v1 standalone here, docs/development.md): omnichaos
 * and the reference integration on the host network, the simulators' webhooks reaching the
 * integration, and `down` leaving nothing behind. The k6 service sits under the `load` profile,
 * so plain `up` must not start (or pull) it.
 */
describe.skipIf(!haveDocker)('docker-compose.yml', () => {
  const project = `omnichaos-test-${process.pid}`;
  let env: StartedDockerComposeEnvironment | undefined;
  let control = '';
  let reference = '';

  beforeAll(async () => {
    await buildImage();
    // the control port, every simulator on its offset after it, then the reference integration
    const last = Math.max(...registeredSimulators().map((s) => s.portOffset));
    const port = await freePortBlock(last + 2);
    control = `http://127.0.0.1:${port}`;
    reference = `http://127.0.0.1:${port + last + 1}`;
    env = await new DockerComposeEnvironment(ROOT, 'docker-compose.yml')
      .withClientOptions({ executable: { standalone: true } })
      .withProjectName(project)
      .withEnvironment({
        OMNICHAOS_IMAGE: IMAGE,
        OMNICHAOS_PORT: String(port),
        OMNICHAOS_SEED: '5',
        REFERENCE_PORT: String(port + last + 1),
      })
      // Both services have health checks (the image's, and the compose file's for the
      // integration): testcontainers waits for "healthy".
      .withStartupTimeout(120_000)
      .up();
  }, 600_000);

  afterAll(async () => {
    await env?.down({ timeout: 10_000 });
    expect(containers(`label=com.docker.compose.project=${project}`)).toEqual([]);
  }, 120_000);

  it('starts omnichaos and the reference integration, and not k6 (load profile)', async () => {
    const health = (await (await fetch(`${control}/_omnichaos/health`)).json()) as object;
    expect(health).toMatchObject({ status: 'ok', seed: 5 });
    const ref = await fetch(`${reference}/health`);
    expect(ref.status).toBe(200);
    expect(await ref.json()).toMatchObject({ status: 'ok', defects: [] });
    const service = (name: string) =>
      containers(`label=com.docker.compose.project=${project}`).filter((id) =>
        containers(`label=com.docker.compose.service=${name}`).includes(id),
      );
    expect(service('omnichaos')).toHaveLength(1);
    expect(service('reference-integration')).toHaveLength(1);
    expect(service('k6')).toEqual([]);
  });

  it('points the simulators at the reference integration: a store sale reaches it as a signed webhook', async () => {
    const sale = await fetch(`${control}/_omnichaos/demand/pos-sale/0`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(sale.status).toBe(200);
    let delivered: unknown[] = [];
    for (let i = 0; i < 100 && delivered.length === 0; i++) {
      const q = new URLSearchParams({ type: 'webhook:attempt', sys: 'pos' });
      const journal = (await (await fetch(`${control}/_omnichaos/journal?${q}`)).json()) as {
        events: Array<{ ok: boolean; status?: number }>;
      };
      delivered = journal.events.filter((e) => e.ok);
      if (delivered.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    // A sale sends several topics (payment, order, inventory); the integration took them.
    expect(delivered).toContainEqual(expect.objectContaining({ ok: true, status: 200 }));
  }, 60_000);
});
