import { createServer } from 'node:net';

/**
 * A block of consecutive free TCP ports on 127.0.0.1: `omnichaos up` takes the control port and
 * the four after it, and with host networking those are ports of the Docker host itself.
 *
 * @example const port = await freePortBlock(5) // 4 more free ports follow `port`
 */
export async function freePortBlock(size: number, host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = await tryListen(0, host);
    if (first === undefined || first + size > 65_000) continue;
    let free = true;
    for (let port = first + 1; free && port < first + size; port++)
      free = (await tryListen(port, host)) !== undefined;
    if (free) return first;
  }
  throw new Error(
    `[omnichaos:testcontainers] found no ${size} consecutive free ports on ${host}; pass one with withPort(n)`,
  );
}

/** Listen on `port` and close again; the bound port, or undefined when it is taken. */
function tryListen(port: number, host: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, host, () => {
      const bound = (server.address() as { port: number }).port;
      server.close(() => resolve(bound));
    });
  });
}
