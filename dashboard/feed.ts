/** Response headers for an event stream. */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  // proxies (nginx) buffer responses unless told not to; a buffered event stream shows nothing
  'x-accel-buffering': 'no',
};

/** Queued messages per client before the oldest are dropped. */
const MAX_QUEUED = 8;

/**
 * One event on the wire: `event:` and `data:` lines, then a blank line.
 *
 * @example formatEvent('state', { n: 1 }) // 'event: state\ndata: {"n":1}\n\n'
 */
export function formatEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

interface Client {
  queue: string[];
  wake: (() => void) | undefined;
  done: boolean;
}

/**
 * Server-sent events to any number of pages. Each client is an async iterator of wire chunks that
 * the transport drains (`SimResponse.stream`); the transport calls `return()` when the page goes
 * away, which ends the client here. A slow client keeps only its newest messages: every `state`
 * event is a whole snapshot, so an old one is worth nothing once a newer one is queued.
 *
 * @example
 * const feed = new EventFeed();
 * controlPlane.add('GET', '/dashboard/events', () => ({ status: 200, headers: SSE_HEADERS, stream: feed.open([]) }));
 * feed.publish('state', { … });
 */
export class EventFeed {
  private readonly clients = new Set<Client>();

  /** Connected pages. */
  get size(): number {
    return this.clients.size;
  }

  /** A new client's stream, starting with `first` (already formatted chunks). */
  open(first: readonly string[]): AsyncIterable<string> {
    // `retry:` tells the browser how soon to reconnect when the server restarts.
    const client: Client = { queue: ['retry: 2000\n\n', ...first], wake: undefined, done: false };
    this.clients.add(client);
    const end = (): Promise<IteratorResult<string>> => {
      client.done = true;
      this.clients.delete(client);
      client.wake?.();
      return Promise.resolve({ done: true, value: undefined });
    };
    const iterator: AsyncIterator<string> = {
      next: async () => {
        while (client.queue.length === 0 && !client.done)
          await new Promise<void>((resolve) => (client.wake = resolve));
        client.wake = undefined;
        const value = client.queue.shift();
        return value === undefined ? { done: true, value: undefined } : { done: false, value };
      },
      return: end,
    };
    return { [Symbol.asyncIterator]: () => iterator };
  }

  /** Send an event to every connected page. */
  publish(event: string, data: unknown): void {
    if (this.clients.size === 0) return;
    const chunk = formatEvent(event, data);
    for (const c of this.clients) {
      c.queue.push(chunk);
      if (c.queue.length > MAX_QUEUED) c.queue.splice(0, c.queue.length - MAX_QUEUED);
      c.wake?.();
    }
  }

  /** End every stream (the transport then ends each response). */
  close(): void {
    for (const c of [...this.clients]) {
      c.done = true;
      c.queue = [];
      c.wake?.();
    }
    this.clients.clear();
  }
}
