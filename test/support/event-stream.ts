/** One server-sent event as a client reads it: a named event with its JSON data, or a comment line. */
export type StreamEvent = { event: string; data: unknown } | { comment: string };

/** A client of GET /api/stream, reading as a page does: fetch with the key in a header, the body as it comes. */
export interface EventStreamClient {
  status: number;
  headers: Headers;
  /** The refusal, when the status is not 200. */
  body: unknown;
  /** Everything read so far. */
  received: StreamEvent[];
  /** The first event after those already taken that matches; fails after `timeoutMs` or at the end of the stream. */
  next(matches?: (event: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  /** Resolves when the server ends the stream; fails after `timeoutMs`. */
  ended(timeoutMs?: number): Promise<void>;
  /** Hangs up, as a page that is closed. */
  close(): void;
}

/** Splits the text read so far into complete events (each ends with a blank line); returns what is left. */
const parse = (text: string, into: StreamEvent[]): string => {
  const blocks = text.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop()!;
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) into.push({ comment: line.slice(1).trim() });
      else if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length > 0) into.push({ event, data: JSON.parse(data.join('\n')) });
  }
  return rest;
};

export const openEventStream = async (baseUrl: string, key?: string): Promise<EventStreamClient> => {
  const hangUp = new AbortController();
  const response = await fetch(`${baseUrl}/api/stream`, {
    headers: key === undefined ? {} : { Authorization: `Bearer ${key}` },
    signal: hangUp.signal,
  });
  const received: StreamEvent[] = [];
  let taken = 0;
  let done = false;
  const waiting = new Set<() => void>();
  const wake = () => {
    for (const resolve of waiting) resolve();
    waiting.clear();
  };
  const changed = () => new Promise<void>((resolve) => waiting.add(resolve));
  const base = { status: response.status, headers: response.headers, received, close: () => hangUp.abort() };
  if (response.status !== 200) {
    const body: unknown = await response.json();
    return {
      ...base,
      body,
      next: () => Promise.reject(new Error(`the stream was refused: ${JSON.stringify(body)}`)),
      ended: () => Promise.resolve(),
    };
  }

  void (async () => {
    const decoder = new TextDecoder();
    let text = '';
    try {
      for await (const chunk of response.body!) {
        text = parse(text + decoder.decode(chunk as Uint8Array, { stream: true }), received);
        wake();
      }
    } catch {
      // hung up by close()
    }
    done = true;
    wake();
  })();

  const within = async <T>(timeoutMs: number, what: string, found: () => T | undefined): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = found();
      if (value !== undefined) return value;
      if (done) throw new Error(`the stream ended before ${what}; read: ${JSON.stringify(received)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms; read: ${JSON.stringify(received)}`);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([changed(), new Promise((resolve) => (timer = setTimeout(resolve, left)))]);
      clearTimeout(timer);
    }
  };

  return {
    ...base,
    body: undefined,
    next: (matches = () => true, timeoutMs = 5000) =>
      within(timeoutMs, 'matching event', () => {
        while (taken < received.length) {
          const event = received[taken++]!;
          if (matches(event)) return event;
        }
        return undefined;
      }),
    ended: async (timeoutMs = 5000) => {
      await within(timeoutMs, 'end', () => (done ? true : undefined));
    },
    close: base.close,
  };
};
