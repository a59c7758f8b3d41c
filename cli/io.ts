/** Where a command writes. Tests pass buffers; the launcher passes the process streams. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal (live status line instead of plain lines). */
  tty: boolean;
  /** Rewrite the live status line in place (terminals only). */
  status?(text: string): void;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
  tty: Boolean(process.stdout.isTTY),
  status: (text) => void process.stdout.write(`\r\u001b[2K${text}`),
};

/** Collects output in memory. */
export function bufferIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    tty: false,
  };
}

/** A usage mistake: printed with the command's help hint, exit code 2. */
export class UsageError extends Error {}

/** Resolves on the first SIGINT or SIGTERM (Ctrl-C, `docker stop`): the end of `up` or a linger. */
export function untilInterrupted(): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

/**
 * A value quoted for POSIX shells: single quotes, with each embedded `'` closed, escaped and
 * reopened. Credentials contain `|`, `&` and `$`, so a pasted `export` must quote them.
 *
 * @example shellQuote("a|b'c") // 'a|b'\''c'
 */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** `export K='v'` lines that bash, zsh and sh read back exactly (`eval "$(omnichaos up --env)"`). */
export function exportLines(env: Record<string, string>): string[] {
  return Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}`);
}
