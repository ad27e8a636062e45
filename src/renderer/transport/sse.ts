import type { GatehouseEvent } from '../../shared/events';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'unauthorized';

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 15_000;

/** Splits an SSE byte stream into `data:` payloads (multi-line data joined with "\n"). */
export function createSseParser(onData: (data: string) => void): (chunk: string) => void {
  let buffer = '';
  return (chunk) => {
    buffer += chunk.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (data) onData(data);
    }
  };
}

/**
 * Reads an event stream (`/admin/events`, or the sandbox's `/admin/sandbox/events`) with fetch,
 * because EventSource cannot send the Authorization header, and reconnects with exponential
 * backoff. Returns the function that stops it.
 */
export function openEventStream(
  token: string,
  onEvent: (event: GatehouseEvent) => void,
  onStatus: (status: StreamStatus) => void,
  path = '/admin/events',
): () => void {
  const abort = new AbortController();
  let backoff = MIN_BACKOFF_MS;

  const readOnce = async () => {
    const res = await fetch(path, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      cache: 'no-store',
      signal: abort.signal,
    });
    if (res.status === 401) return 'unauthorized' as const;
    if (!res.ok || !res.body) throw new Error(`event stream answered ${res.status}`);
    onStatus('live');
    backoff = MIN_BACKOFF_MS;
    const parse = createSseParser((data) => {
      try {
        onEvent(JSON.parse(data) as GatehouseEvent);
      } catch {
        // a malformed message is skipped rather than tearing down the stream
      }
    });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'closed' as const;
      parse(value);
    }
  };

  void (async () => {
    onStatus('connecting');
    while (!abort.signal.aborted) {
      try {
        if ((await readOnce()) === 'unauthorized') return onStatus('unauthorized');
      } catch {
        if (abort.signal.aborted) return;
      }
      onStatus('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, backoff));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  })();

  return () => abort.abort();
}
