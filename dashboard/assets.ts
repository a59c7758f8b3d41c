import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { packageRoot } from '../runner/reference.js';
import type { SimResponse } from '../simulators/core/types.js';

/**
 * The page's static files: `dashboard/public/*` (plain HTML, CSS and ES modules — nothing to
 * build) and uPlot's browser bundle from its npm package. Found from the package root, so the
 * same files serve from a source checkout (vitest) and from `dist/` (the CLI). Read once, kept in
 * memory: together they weigh about 80 KB.
 */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

export interface Assets {
  /** The page itself, carrying the control plane's per-process write token in a meta tag. */
  page(csrfToken: string): SimResponse;
  /** One file by name (`app.js`, `uPlot.iife.min.js`); a 404 for anything else. */
  file(name: string): SimResponse;
}

/** @example loadAssets().file('app.js').status // 200 */
export function loadAssets(publicDir = join(packageRoot(), 'dashboard', 'public')): Assets {
  const files = new Map<string, { text: string; type: string }>();
  for (const name of readdirSync(publicDir)) {
    const type = TYPES[extname(name)];
    if (type) files.set(name, { text: readFileSync(join(publicDir, name), 'utf8'), type });
  }
  const require = createRequire(import.meta.url);
  for (const name of ['uPlot.iife.min.js', 'uPlot.min.css']) {
    const path = require.resolve(`uplot/dist/${name}`);
    files.set(name, { text: readFileSync(path, 'utf8'), type: TYPES[extname(name)]! });
  }
  const serve = (name: string): SimResponse => {
    const f = files.get(name);
    if (!f)
      return {
        status: 404,
        body: { error: `no dashboard file "${name}"; files: ${[...files.keys()].join(', ')}` },
      };
    return {
      status: 200,
      headers: { 'content-type': f.type, 'cache-control': 'no-cache' },
      body: f.text,
    };
  };
  const page = (csrfToken: string): SimResponse => {
    const res = serve('index.html');
    // The token is base64url: nothing in it needs escaping in an attribute.
    const text = String(res.body).replace(
      '<meta name="omnichaos-csrf" content="" />',
      `<meta name="omnichaos-csrf" content="${csrfToken.replace(/[^A-Za-z0-9_-]/g, '')}" />`,
    );
    return { ...res, headers: { ...res.headers, 'cache-control': 'no-store' }, body: text };
  };
  return { page, file: serve };
}
