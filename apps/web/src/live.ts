export interface LogFollower {
  /** The read models took in more of the log (or, on connecting, where they stand). */
  onMoved(position: string): void;
  onState(connected: boolean): void;
  /** The key no longer holds (revoked or expired): following stops. */
  onRefused(message: string): void;
}

/**
 * Follows `GET /api/stream` (server-sent events) under the user's key. EventSource cannot
 * send an Authorization header, so the stream is read with fetch; a dropped stream is resumed
 * after a pause that grows to 10 s, a refused key is not. Returns the function that stops.
 */
export const followLog = (key: string, { onMoved, onState, onRefused }: LogFollower): (() => void) => {
  const stop = new AbortController();
  let pause = 500;

  const readEvents = async (body: ReadableStream<Uint8Array>) => {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const lines = buffered.slice(0, end).split('\n');
        buffered = buffered.slice(end + 2);
        const field = (name: string) =>
          lines
            .filter((line) => line.startsWith(`${name}:`))
            .map((line) => line.slice(name.length + 1).trim())
            .join('\n');
        const data = field('data');
        if (!data) continue;
        const body = JSON.parse(data) as { position?: string | null; message?: string };
        if (field('event') === 'refused') {
          stop.abort();
          onRefused(body.message ?? 'The key no longer holds.');
          return;
        }
        if (body.position) onMoved(body.position);
      }
    }
  };

  const run = async () => {
    while (!stop.signal.aborted) {
      try {
        const response = await fetch('/api/stream', {
          headers: { Authorization: `Bearer ${key}`, Accept: 'text/event-stream' },
          signal: stop.signal,
        });
        if (response.status === 401) {
          const body = (await response.json().catch(() => ({}))) as { message?: string };
          stop.abort();
          onRefused(body.message ?? 'The key no longer holds.');
        } else if (response.ok && response.body) {
          onState(true);
          pause = 500;
          await readEvents(response.body);
        }
      } catch {
        // a dropped connection or a stop: the loop decides
      }
      onState(false);
      if (stop.signal.aborted) return;
      await new Promise((resume) => setTimeout(resume, pause));
      pause = Math.min(pause * 2, 10_000);
    }
  };
  void run();
  return () => stop.abort();
};
