/**
 * Follows `GET /api/stream` (server-sent events) under the user's key, and calls `onMoved`
 * each time the read models have taken in more of the log. EventSource cannot send an
 * Authorization header, so the stream is read with fetch; a dropped stream is resumed after a
 * pause that grows to 10 s. Returns the function that stops following.
 */
export const followLog = (
  key: string,
  onMoved: (position: string) => void,
  onState: (connected: boolean) => void,
): (() => void) => {
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
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trim())
          .join('\n');
        if (!data) continue;
        const { position } = JSON.parse(data) as { position?: string };
        if (position) onMoved(position);
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
        if (response.ok && response.body) {
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
