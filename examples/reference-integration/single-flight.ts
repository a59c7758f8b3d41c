/**
 * Run `task` one at a time: a call while it runs returns the running promise and asks for one
 * more run right after it, so any number of triggers (a timer, a burst of webhooks) costs at
 * most one extra run.
 *
 * @example const poll = singleFlight(() => pollOnce()); void poll(); void poll(); // two runs, not more
 */
export function singleFlight(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = task().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        void run().catch(() => undefined);
      }
    });
    return running;
  };
  return run;
}
