#!/usr/bin/env node
// Thin launcher: the CLI is TypeScript compiled to dist/ by `npm install` (prepare) or `npm run build`.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
if (!existsSync(main)) {
  process.stderr.write(
    '[omnichaos] not built yet: run "npm run build" (npm install does it for you)\n',
  );
  process.exit(2);
}
const { main: run } = await import(pathToFileURL(main).href);
process.exitCode = await run(process.argv.slice(2));
// The command has finished its work (`up` and `--linger` return only after Ctrl-C). Whatever is
// still pending — a socket in a keep-alive pool, a timer a late webhook reply scheduled — must not
// hold the shell: leave within 2 s. (unref: a clean process exits at once, without waiting.)
setTimeout(() => process.exit(), 2000).unref();
