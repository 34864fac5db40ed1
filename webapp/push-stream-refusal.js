// Echo & Push — why the server refused an SSE stream. EventSource shows neither the status nor the body of a
// refusal (400, 401, 403 forbidden topic, 503 at the connection cap): all a page sees is an error event. So the
// page fetches the same URL once to read the server's JSON reason: the log can say it, and a topic the rules
// refuse can leave the list (as a refused subscribe does on the WebSocket); otherwise every retry would be refused.

import { textSpan } from './dom.js';
import { addEntry, guarded } from './log.js';
import { SOURCE, push } from './push-core.js';
import { scheduleRender } from './push-view.js';

const FORBIDDEN = /^forbidden: ([A-Za-z0-9._-]{1,64})$/;

/** Logs the status and reason of the refusal of `url`; a forbidden topic is dropped, then `reopen` is called. */
export function explainRefusal(url, id, reopen) {
  const dataset = { ...SOURCE, connection: id };
  const abort = new AbortController();
  fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store', signal: abort.signal })
    .then(async (response) => {
      if (response.ok) { // accepted this time: not read, it is a stream
        abort.abort();
        addEntry('info', `push #${id}: GET events is accepted now; the page reconnects`, { dataset });
        return;
      }
      const body = await response.json().catch(() => ({}));
      const reason = typeof body?.reason === 'string' ? body.reason : '(no reason given)';
      push.lastError = reason;
      const li = addEntry('error', `push #${id}: GET events refused — HTTP ${response.status}:`,
        { dataset: { ...dataset, status: String(response.status) } });
      li.append(' ', textSpan('reason', reason));
      const forbidden = response.status === 403 ? FORBIDDEN.exec(reason) : null;
      if (forbidden && push.subscriptions.delete(forbidden[1])) {
        li.append(' — ', textSpan('note', `the topic rules refuse ${forbidden[1]} to this page; it leaves the list`));
        guarded(reopen);
      }
      scheduleRender();
    })
    .catch((err) => {
      if (err.name !== 'AbortError') {
        addEntry('error', `push #${id}: the server could not be reached: ${err.message}`, { dataset });
      }
    });
}
