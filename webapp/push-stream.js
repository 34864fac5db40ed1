// Echo & Push — the push panel over Server-Sent Events: one EventSource on `events?topic=…` (every subscribed
// topic, `topic` repeated), reopened when the set of topics changes. It only receives: publishing stays on /push.
//
// Each event's data is the push.v1 JSON the WebSocket would carry, so push-messages.js handles it: a message is an
// unnamed event; subscribed, presence and dropped are named ones; `close` ends a stream the server ends.

import { textSpan } from './dom.js';
import { addEntry, listen } from './log.js';
import { CLOCK, SOURCE, push } from './push-core.js';
import { cancelReconnect, scheduleReconnect } from './push-backoff.js';
import { onServerMessage } from './push-messages.js';
import { explainRefusal } from './push-stream-refusal.js';
import { render, scheduleRender } from './push-view.js';

const NAMED_EVENTS = ['subscribed', 'presence', 'dropped'];

/** "automatic": the WebSocket could not be opened, so this connection goes on over SSE. */
export function fallBackToStream(note, detail) {
  Object.assign(push, { transport: 'sse', transportNote: `fallback: ${note}` });
  addEntry('info', `push: ${note}: ${detail}; falling back to Server-Sent Events (GET events), which only receive`,
    { dataset: { ...SOURCE, transport: 'sse' } });
  openStream();
}

/** (Re)opens the stream with every subscribed topic, from the last position seen in each, so nothing is lost. */
export function openStream() {
  cancelReconnect();
  closeStream(null);
  const topics = [...push.subscriptions.keys()];
  if (topics.length === 0) {
    push.stream = null;
    addEntry('info', 'push: SSE: the stream opens with the first subscription (GET events names its topics)',
      { dataset: SOURCE });
    render();
    return;
  }
  const positions = knownPositions();
  const url = new URL('events', location.href);
  topics.forEach((topic) => url.searchParams.append('topic', topic));
  // A new stream knows nothing of the old one's Last-Event-ID: `since` carries the positions instead.
  if (positions.length > 0) url.searchParams.set('since', positions.join(','));
  push.connectionId += 1;
  const id = push.connectionId;
  const stream = new EventSource(url);
  Object.assign(push, { stream, openedAt: 0, streamOpened: false });
  expectSubscribed();
  attachStreamHandlers(stream, id, url);
  addEntry('info', `push #${id}: SSE stream ${url.pathname}${url.search}`, { dataset: { ...SOURCE, connection: id } });
  scheduleRender();
}

/** Ends the current stream (Disconnect, or before it is reopened with other topics); answers whether it was open. */
export function closeStream(why) {
  const stream = push.stream;
  if (!stream || stream.readyState === EventSource.CLOSED) return false;
  stream.close();
  if (why === null) return true;
  for (const subscription of push.subscriptions.values()) {
    Object.assign(subscription, { state: 'waiting', subscribers: null });
  }
  addEntry('close', `push #${push.connectionId}: SSE stream closed (${why}), no reconnect`,
    { dataset: { ...SOURCE, connection: push.connectionId } });
  render();
  return true;
}

/** `topic:epoch:seq` of each subscribed topic the page has a position in, as the stream's ids carry them. */
function knownPositions() {
  // The clock keeps no history: asking to resume it would only report a false gap (as on the WebSocket).
  return [...push.subscriptions].filter(([topic, s]) => topic !== CLOCK && s.epoch !== null && s.lastSeq !== null)
    .map(([topic, s]) => `${topic}:${s.epoch}:${s.lastSeq}`);
}

/** Every topic waits for its `subscribed`, which says whether the position given was recovered. */
function expectSubscribed() {
  for (const [topic, subscription] of push.subscriptions) {
    const known = topic !== CLOCK && subscription.epoch !== null && subscription.lastSeq !== null;
    Object.assign(subscription, { state: 'requested', subscribers: null,
      since: known ? { epoch: subscription.epoch, seq: subscription.lastSeq } : null });
  }
}

function attachStreamHandlers(stream, id, url) {
  const current = () => stream === push.stream;
  const dataset = { ...SOURCE, connection: id };
  listen(stream, 'open', () => {
    if (!current()) return;
    Object.assign(push, { openedAt: performance.now(), streamOpened: true });
    addEntry('open', `push #${id} open — SSE (Server-Sent Events), receive only`, { dataset: { ...dataset, transport: 'sse' } });
    scheduleRender();
  });
  listen(stream, 'message', (event) => {
    if (current()) onServerMessage(event.data);
  });
  NAMED_EVENTS.forEach((name) => listen(stream, name, (event) => {
    if (current()) onServerMessage(event.data);
  }));
  listen(stream, 'close', (event) => {
    if (current()) onStreamEnd(id, event.data);
  });
  listen(stream, 'error', () => {
    if (current()) onStreamError(stream, id, url);
  });
}

/** The server's last event: the code and reason a WebSocket would have had. The browser then reconnects. */
function onStreamEnd(id, data) {
  let close = {};
  try {
    close = JSON.parse(data) ?? {};
  } catch {
    // shown as "?" below
  }
  const code = Number.isSafeInteger(close.code) ? close.code : '?';
  const li = addEntry('close', `push #${id}: the server ended the SSE stream — code ${code}`,
    { dataset: { ...SOURCE, connection: id, code: String(code) } });
  li.append(' reason: ', textSpan('reason', typeof close.reason === 'string' && close.reason !== '' ? close.reason
    : '(empty)'));
}

/**
 * CONNECTING: the browser reconnects by itself, sending the last id as Last-Event-ID, and the server resumes every
 * topic from it. CLOSED: the browser gave up (an HTTP refusal): the page reconnects after a backoff, as on /push.
 */
function onStreamError(stream, id, url) {
  const opened = push.streamOpened;
  const openFor = push.openedAt === 0 ? 0 : performance.now() - push.openedAt;
  push.openedAt = 0;
  push.streamOpened = false;
  expectSubscribed();
  const gaveUp = stream.readyState === EventSource.CLOSED;
  const then = gaveUp ? 'the browser gave up' : 'the browser tries again by itself';
  if (opened) {
    addEntry(gaveUp ? 'error' : 'info', `push #${id}: SSE stream lost; ${then}` +
      (gaveUp ? '' : ' from the last event id (Last-Event-ID)'), { dataset: { ...SOURCE, connection: id } });
  } else {
    addEntry('error', `push #${id}: SSE stream refused or unreachable; ${then}`,
      { dataset: { ...SOURCE, connection: id, refused: 'true' } });
  }
  if (gaveUp) {
    if (push.wantConnected) scheduleReconnect(openFor, openStream);
    explainRefusal(url, id, () => {
      if (push.wantConnected && stream === push.stream) openStream();
    });
  }
  scheduleRender();
}
