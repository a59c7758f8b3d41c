import type { Command } from '../main.js';

/** `npm run demo`: the main job on the embedded default. Filled by the reference-integration issue. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the bundled peak scenario against the reference integration and open the report',
  usage: 'omnichaos demo',
  async run(_args, io) {
    io.out(
      'omnichaos demo: not yet — the runner and the reference integration land in the next issues.',
    );
    io.out('Meanwhile try: npx omnichaos world --seed 42 --show marketplace-order:1');
    return 0;
  },
};
