/** One server-sent event as the page's EventSource would see it. */
export interface SseEvent {
  event: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the dashboard's JSON, asserted field by field
  data: any;
}

/**
 * Read a server-sent event stream with fetch, event by event — what the dashboard page does with
 * EventSource. Ends when the server ends the stream.
 *
 * @example for await (const e of readEvents(`${controlUrl}/_omnichaos/dashboard/events`)) …
 */
export async function* readEvents(url: string): AsyncGenerator<SseEvent> {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`${url} answered ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const chunk = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(chunk)?.[1];
        const data = /^data: (.*)$/m.exec(chunk)?.[1];
        if (event && data) yield { event, data: JSON.parse(data) };
      }
    }
  } finally {
    // not awaited: under msw a cancel waits for a clone of the response that nobody reads
    void reader.cancel().catch(() => undefined);
  }
}

/** The next event that satisfies `pass`, reading at most `max` events. */
export async function nextMatching(
  events: AsyncGenerator<SseEvent>,
  pass: (e: SseEvent) => boolean,
  max = 10,
): Promise<SseEvent> {
  for (let i = 0; i < max; i++) {
    const { done, value } = await events.next();
    if (done) throw new Error('the event stream ended');
    if (pass(value)) return value;
  }
  throw new Error(`no matching event in ${max} events`);
}
