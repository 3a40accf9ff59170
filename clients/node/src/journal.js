// Waiting for journal entries on the fake's event stream (/__admin/journal/stream), bounded in time.
import { FakeAuth0Error, query } from './http.js';

/** No journal entry fitting the filters arrived in time; `seen` holds those that fitted the filters but not `details`/`where`. */
export class EventTimeout extends Error {
  constructor(message, seen) {
    super(message);
    this.name = 'EventTimeout';
    this.seen = seen;
  }
}

/** The journal API's query string for these filters (unset ones left out). */
export function journalQuery({ event, client, user, since, limit } = {}) {
  return query({ event, client, user, since, limit });
}

function fits(entry, details, where) {
  const own = entry.details ?? {};
  for (const [key, value] of Object.entries(details ?? {})) {
    if (JSON.stringify(own[key]) !== JSON.stringify(value)) return false;
  }
  return where ? Boolean(where(entry)) : true;
}

/**
 * The first entry on `{baseUrl}/__admin/journal/stream` fitting the filters (the journal API's),
 * `details` and `where`; with `since` the kept entries after it count too. Rejects with
 * EventTimeout after `timeout` milliseconds.
 */
export async function waitForEvent(baseUrl, { event, client, user, since, details, where, timeout }) {
  if (!(timeout > 0 && timeout <= 3_600_000)) throw new RangeError('timeout must be more than 0 and at most 3600000 ms');
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  const seen = [];
  try {
    const response = await fetch(`${baseUrl}/__admin/journal/stream${journalQuery({ event, client, user, since })}`, {
      headers: { accept: 'text/event-stream' },
      signal: controller.signal,
    });
    if (!response.ok) {
      const text = await response.text();
      let body = {};
      try {
        body = JSON.parse(text);
      } catch {
        body = { error: 'http_error', error_description: text.slice(0, 500) };
      }
      throw new FakeAuth0Error(response.status, body);
    }
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).replace(/^ /, ''));
        if (data.length === 0) continue;
        const entry = JSON.parse(data.join('\n'));
        if (fits(entry, details, where)) return entry;
        seen.push(entry);
        if (seen.length > 20) seen.shift();
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  const described = Object.entries({ event, client, user, since, details })
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .concat(where ? ['where=…'] : [])
    .join(', ');
  const recent = seen
    .slice(-5)
    .map((entry) => `#${entry.seq} ${entry.event} ${JSON.stringify(entry.details ?? {})}`)
    .join('; ');
  throw new EventTimeout(
    `no journal entry with ${described || 'any event'} within ${timeout} ms` +
      (recent ? ` (fitting the filters but not the rest: ${recent})` : ''),
    seen,
  );
}
