// Echo & Push — the push panel: a browser client for the "push" endpoint, subprotocol push.v1.
//
// Loaded as its own <script type="module"> next to app.js (the echo panel); both write into the
// one event log of shared.js. Layout of this file:
//   1. constants and small pure helpers (topic names, backoff, JSON text)
//   2. page elements and state
//   3. the connection: connect, disconnect, reconnect with backoff, re-subscribe
//   4. messages from the server
//   5. rendering the panel (at most once per animation frame)
//   6. the actions behind the buttons
//   7. wiring
//
// push.v1: JSON text messages. The page sends subscribe / unsubscribe / publish; the server
// answers subscribed / unsubscribed (or error), and pushes message (per topic, seq rising by 1),
// presence (a topic's subscriber count, at most once a second per topic), dropped (this many of
// our oldest queued messages were dropped because we read too slowly) and error.
//
// Security rule, as for the whole page: text from the network or from the user is only ever put
// into the page with textContent or as a Text node, never parsed as markup.

import {
  READY_STATE_NAMES, addEntry, addTextEntry, byId, describeCloseCode, endpointUrl, guarded, listen,
  onSubmit, orNone, setText, textSpan, timestamp, utf8Length,
} from './shared.js';
import { createLogGate } from './log-gate.js';

// ---------------------------------------------------------------------------------------
// 1. Constants and helpers
// ---------------------------------------------------------------------------------------

const PROTOCOL = 'push.v1';
const CLOCK = 'clock';                          // built in: the server publishes {"time": …} every second
const SERVER_ONLY_TOPICS = new Set([CLOCK]);    // subscribe yes, publish no
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,64}$/;

const RECONNECT_BASE_MS = 500;      // ceiling of the first reconnect delay, doubled per attempt …
const RECONNECT_CAP_MS = 30_000;    // … up to this
const STABLE_AFTER_MS = 10_000;     // a connection that stayed open this long starts the backoff afresh
const COUNTDOWN_REFRESH_MS = 100;   // redraw of "reconnecting in X s"
const SHOWN_NAME_CHARS = 80;        // rejected input is quoted in the log up to this length

// Close codes the server uses on /push, and what they mean for the person watching.
const CLOSE_HINTS = {
  1001: 'the server is shutting down or the application is being redeployed',
  1006: 'no close frame: the server could not be reached or the connection broke',
  1008: 'the server closes a session that sent too many bad messages or read too slowly',
  1009: 'a message was larger than the server accepts (echopush.max-message-bytes, 64 KiB by default)',
};

// Server-initiated entries pass this gate; see log-gate.js for why and how. 5 lines a second per
// topic (bursts of 10) is more than a person can read; past that, a topic is counted, not logged.
const gate = createLogGate({
  perKeyPerSecond: 5, perKeyBurst: 10, totalPerSecond: 40, totalBurst: 80, refreshMs: 250,
});

/** Why `topic` is not a valid push.v1 topic name, or null. */
function topicProblem(topic) {
  if (topic === '') return 'enter a topic name';
  if (TOPIC_NAME.test(topic)) return null;
  const shown = topic.length > SHOWN_NAME_CHARS ? `${topic.slice(0, SHOWN_NAME_CHARS)}…` : topic;
  return `"${shown}" is not a valid topic: use 1–64 characters of A–Z a–z 0–9 . _ - (no spaces)`;
}

/**
 * The delay before reconnect attempt `attempt` (1, 2, …): "full jitter", uniformly random between
 * 0 and min(cap, base · 2^(attempt−1)). The randomness matters when a server restarts: all its
 * clients lose their connection at the same moment, and without it they would all come back at
 * the same moments too, attempt after attempt.
 */
function backoffDelay(attempt) {
  const ceiling = Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * 2 ** (attempt - 1));
  return Math.random() * ceiling;
}

const seconds = (ms) => (ms / 1000).toFixed(1);

/** A received JSON value as text. Numbers show as the browser parsed them (IEEE doubles). */
const jsonText = (value) => (value === undefined ? '(no data)' : JSON.stringify(value));

const isTopic = (value) => typeof value === 'string' && value !== '';
const isCount = (value) => Number.isSafeInteger(value) && value >= 0;

// ---------------------------------------------------------------------------------------
// 2. Page elements and state
// ---------------------------------------------------------------------------------------

const ui = Object.freeze({
  url: byId('push-url'),
  connect: byId('push-connect'),
  disconnect: byId('push-disconnect'),
  state: byId('push-state'),
  protocol: byId('push-protocol'),
  clockTime: byId('push-clock-time'),
  dropped: byId('push-dropped'),
  lastError: byId('push-last-error'),
  topicForm: byId('push-topic-form'),
  topic: byId('push-topic'),
  subscribeClock: byId('push-subscribe-clock'),
  subscriptions: byId('push-subscriptions'),
  noSubscriptions: byId('push-no-subscriptions'),
  publishForm: byId('push-publish-form'),
  data: byId('push-data'),
  publish: byId('push-publish'),
});

const SOURCE = Object.freeze({ source: 'push' }); // on every log entry of this panel

const push = {
  socket: null,           // the current WebSocket (kept after it closes, so its final state stays visible)
  connectionId: 0,        // #1, #2, … so log entries say which connection they are about
  protocol: null,         // subprotocol the server chose, once the current socket is open
  wantConnected: false,   // Connect pressed and Disconnect not since: every other close reconnects
  openedAt: 0,            // performance.now() when the current socket opened; 0 while it is not open
  attempt: 0,             // reconnect attempts since the last connection that stayed open a while
  reconnectAt: 0,         // performance.now() when the pending reconnect fires; 0 if none pending
  reconnectTimer: 0,
  countdownTimer: 0,
  // What the person subscribed to, in the order they did: topic → { state, subscribers, epoch, lastSeq, since,
  // received }: the last position seen (epoch, lastSeq) is where a reconnect resumes from (since).
  // state: 'waiting' (not connected; requested on connect), 'requested', 'subscribed'.
  // It outlives connections: after a reconnect every topic in it is requested again.
  subscriptions: new Map(),
  awaitingReply: [],      // topics of subscribes sent on the current socket and not yet answered, oldest first
  droppedTotal: 0,
  lastError: null,
  clock: null,            // { iso, seq } of the last tick of the clock topic
  items: new Map(),       // topic → { li, subscribers, seq, received }: its list item and value cells
  renderPending: false,
};

// ---------------------------------------------------------------------------------------
// 3. The connection
// ---------------------------------------------------------------------------------------

/** The Connect button: from now on the page keeps itself connected until Disconnect. */
function connect() {
  push.wantConnected = true;
  push.attempt = 0;
  openSocket();
}

function openSocket() {
  cancelReconnect();
  const url = endpointUrl('push');
  let socket;
  try {
    socket = new WebSocket(url, PROTOCOL);
  } catch (err) {
    // Only a malformed URL throws here, which endpointUrl() does not make; reported all the same.
    addEntry('error', `push: cannot connect to ${url}: ${err.name}: ${err.message}`, { dataset: SOURCE });
    push.wantConnected = false;
    scheduleRender();
    return;
  }
  push.connectionId += 1;
  const id = push.connectionId;
  push.socket = socket;
  push.protocol = null;
  push.openedAt = 0;
  push.awaitingReply = [];
  attachSocketHandlers(socket, id);
  addEntry('info', `push #${id}: connecting to ${url} — subprotocol offered: ${PROTOCOL}`,
    { dataset: { ...SOURCE, connection: id } });
  scheduleRender();
}

/** The Disconnect button: close normally and stay disconnected. */
function disconnect() {
  push.wantConnected = false;
  const wasWaiting = push.reconnectAt !== 0;
  cancelReconnect();
  const socket = push.socket;
  if (socket && socket.readyState <= WebSocket.OPEN) {
    // Allowed while CONNECTING too: it aborts the handshake.
    socket.close(1000, 'disconnect');
    addEntry('info', `push #${push.connectionId}: disconnecting (1000), no reconnect`, { dataset: SOURCE });
  } else if (wasWaiting) {
    addEntry('info', 'push: reconnect cancelled', { dataset: SOURCE });
  }
  scheduleRender();
}

function attachSocketHandlers(socket, id) {
  const current = () => socket === push.socket;

  listen(socket, 'open', () => {
    if (!current()) return;
    push.protocol = socket.protocol;
    push.openedAt = performance.now();
    addEntry('open', `push #${id} open — protocol: ${orNone(socket.protocol)}`,
      { dataset: { ...SOURCE, connection: id } });
    if (socket.protocol !== PROTOCOL) {
      addEntry('error', `push #${id}: the server did not choose ${PROTOCOL}; its messages may not be understood`,
        { dataset: SOURCE });
    }
    subscribeAll(socket, id);
    scheduleRender();
  });

  // A replaced socket is CLOSING, so the browser delivers no more of its messages; checked anyway.
  listen(socket, 'message', (event) => {
    if (current()) onServerMessage(event.data);
  });

  listen(socket, 'error', () => {
    // Deliberately empty in every browser; the close event that follows has the code.
    addEntry('error', `push #${id}: WebSocket error event — browsers give no details; see the close entry that follows`,
      { dataset: SOURCE });
  });

  listen(socket, 'close', (event) => onClose(socket, id, event));
}

function onClose(socket, id, event) {
  const li = addEntry('close',
    `push #${id} closed — code ${event.code} (${describeCloseCode(event.code)}), wasClean ${event.wasClean}`,
    { dataset: { ...SOURCE, connection: id, code: event.code, wasClean: event.wasClean } });
  // The reason is chosen by the peer: untrusted text, rendered as text like everything else.
  li.append(' reason: ', textSpan('reason', event.reason === '' ? '(empty)' : event.reason));
  if (CLOSE_HINTS[event.code]) li.append(' — ', textSpan('note', CLOSE_HINTS[event.code]));

  if (socket !== push.socket) return; // an earlier connection, already replaced by a newer one
  const openFor = push.openedAt === 0 ? 0 : performance.now() - push.openedAt;
  push.openedAt = 0;
  push.protocol = null;
  push.awaitingReply = [];
  for (const subscription of push.subscriptions.values()) {
    subscription.state = 'waiting';
    subscription.subscribers = null;
  }
  // Any close the person did not ask for — server restart, 1008, 1009, network loss, a refused
  // handshake — is followed by a reconnect. Disconnect cleared wantConnected before closing.
  if (push.wantConnected) scheduleReconnect(openFor);
  // Now, not at the next frame: with full jitter the reconnect may come sooner than a frame, and
  // the state would never have said "reconnecting" at all.
  render();
}

function scheduleReconnect(openFor) {
  if (openFor >= STABLE_AFTER_MS) push.attempt = 0;
  push.attempt += 1;
  const delay = backoffDelay(push.attempt);
  push.reconnectAt = performance.now() + delay;
  push.reconnectTimer = setTimeout(() => guarded(openSocket), delay);
  push.countdownTimer = setInterval(() => guarded(scheduleRender), COUNTDOWN_REFRESH_MS);
  addEntry('info', `push: reconnecting in ${seconds(delay)} s (attempt ${push.attempt})`,
    { dataset: { ...SOURCE, reconnectAttempt: push.attempt } });
}

function cancelReconnect() {
  clearTimeout(push.reconnectTimer);
  clearInterval(push.countdownTimer);
  push.reconnectTimer = 0;
  push.countdownTimer = 0;
  push.reconnectAt = 0;
}

/** The current socket if it is OPEN, else null. */
function openSocketOrNull() {
  const socket = push.socket;
  return socket && socket.readyState === WebSocket.OPEN ? socket : null;
}

/** Sends one push.v1 request; answers its text (what went over the wire). */
function send(socket, request) {
  const text = JSON.stringify(request);
  socket.send(text);
  return text;
}

/** Subscribes; after a reconnect, from the last position seen, so that the server replays what was missed. */
function requestSubscribe(socket, topic) {
  const subscription = push.subscriptions.get(topic);
  // The clock's ticks are never kept: there is nothing to recover, so it is never asked for (no false alarm).
  const since = topic === CLOCK || subscription.epoch === null || subscription.lastSeq === null ? undefined
    : { epoch: subscription.epoch, seq: subscription.lastSeq };
  const text = send(socket, since === undefined ? { type: 'subscribe', topic } : { type: 'subscribe', topic, since });
  subscription.state = 'requested';
  subscription.since = since ?? null;
  push.awaitingReply.push(topic);
  return text;
}

/** On open: (re-)subscribes every topic the person subscribed to, in their order. */
function subscribeAll(socket, id) {
  const topics = [...push.subscriptions.keys()];
  if (topics.length === 0) return;
  topics.forEach((topic) => requestSubscribe(socket, topic));
  addTextEntry('sent', `push #${id}: subscribe to the ${topics.length} topic(s) of this page`,
    topics.join(', '), { ...SOURCE, topics: topics.length });
}

// ---------------------------------------------------------------------------------------
// 4. Messages from the server
// ---------------------------------------------------------------------------------------

function onServerMessage(data) {
  if (typeof data !== 'string') {
    unexpected(`a binary message (${data.size ?? data.byteLength} bytes), which push.v1 does not have`, '');
    return;
  }
  let message;
  try {
    message = JSON.parse(data);
  } catch {
    unexpected('a message that is not JSON', data);
    return;
  }
  if (message === null || typeof message !== 'object' || Array.isArray(message)) {
    unexpected('a message that is not a JSON object', data);
    return;
  }
  // A switch, not a lookup table: "type" comes from the network, and a plain object would also
  // answer to names like "constructor".
  switch (message.type) {
    case 'message': onTopicMessage(message, data); break;
    case 'subscribed': onSubscribed(message, data); break;
    case 'unsubscribed': onUnsubscribed(message, data); break;
    case 'presence': onPresence(message, data); break;
    case 'dropped': onDropped(message, data); break;
    case 'history': onHistory(message, data); break;
    case 'error': onErrorReply(message, data); break;
    default: unexpected('a message of an unknown type', data);
  }
  scheduleRender();
}

function unexpected(what, raw) {
  gate.log('unexpected', () => addTextEntry('error', `push: the server sent ${what}`, raw, SOURCE),
    { kind: 'error', label: 'push: unexpected messages', dataset: SOURCE, sample: () => raw });
}

function onTopicMessage({ topic, epoch, seq, data }, raw) {
  if (!isTopic(topic) || !isCount(seq)) {
    unexpected('a "message" without a valid topic and seq', raw);
    return;
  }
  const subscription = push.subscriptions.get(topic);
  if (subscription) {
    subscription.received += 1;
    // A gap in one epoch (after a "dropped" notice, or positions the server could not catch up): ask for what
    // is missing, shown in seq order when it comes. Another epoch: the numbering restarted, say so.
    if (subscription.epoch === epoch && subscription.lastSeq !== null && seq > subscription.lastSeq + 1) {
      requestHistory(topic, subscription.epoch, subscription.lastSeq, seq - subscription.lastSeq - 1);
    } else if (typeof epoch === 'string' && subscription.epoch !== null && subscription.epoch !== epoch) {
      addEntry('info', `push: ${topic} is now numbered in epoch ${epoch} (from seq ${seq}); ` +
        `positions of epoch ${subscription.epoch} cannot be resumed`, { dataset: { ...SOURCE, topic, epoch } });
    }
    if (typeof epoch === 'string') subscription.epoch = epoch;
    subscription.lastSeq = seq;
  }
  if (topic === CLOCK && data !== null && typeof data === 'object' && typeof data.time === 'string') {
    push.clock = { iso: data.time, seq };
  }
  const dataset = { ...SOURCE, topic, seq };
  gate.log(`message:${topic}`,
    () => addTextEntry('message', `push ${topic} seq\u00a0${seq}`, jsonText(data), dataset),
    { kind: 'message', label: `push ${topic}`, dataset: { ...SOURCE, topic }, seq, sample: () => jsonText(data) });
}

function onSubscribed({ topic, subscribers, epoch, seq, recovered }, raw) {
  if (!isTopic(topic) || !isCount(subscribers)) {
    unexpected('a "subscribed" without a valid topic and count', raw);
    return;
  }
  // Replies come in request order, so requests before this one that are still waiting lost
  // their reply: the server dropped it with other queued messages (see "dropped"). Subscribing
  // again is harmless — the server answers a repeated subscribe with "subscribed" again.
  const index = push.awaitingReply.indexOf(topic);
  const lost = index < 0 ? [] : push.awaitingReply.splice(0, index + 1).slice(0, index);
  const socket = openSocketOrNull();
  if (socket) lost.filter((t) => push.subscriptions.has(t)).forEach((t) => requestSubscribe(socket, t));

  const subscription = push.subscriptions.get(topic);
  if (subscription) {
    subscription.state = 'subscribed';
    subscription.subscribers = subscribers;
  }
  gate.log('subscribed',
    () => addEntry('subscribed', `push: subscribed to ${topic}, ${subscribers} subscriber(s)`,
      { dataset: { ...SOURCE, topic, subscribers } }),
    { kind: 'subscribed', label: 'push: subscribed replies', dataset: SOURCE, sample: () => topic });
  if (subscription) reportRecovery(topic, subscription, { epoch, seq, recovered });
}

/**
 * After a subscribe with the last position seen: the server replays what was missed (recovered), or says it no
 * longer holds it; either way the page now stands at the position the server gave.
 */
function reportRecovery(topic, subscription, { epoch, seq, recovered }) {
  const since = subscription.since;
  subscription.since = null;
  if (typeof epoch !== 'string' || !isCount(seq)) return;
  if (since !== null && recovered === true) {
    const missed = seq - since.seq;
    addEntry('recovered', missed === 0 ? `push: resumed ${topic} at seq ${seq}, nothing missed`
      : `push: recovered ${missed} missed message(s) on ${topic}`,
    { dataset: { ...SOURCE, topic, recovered: String(missed) } });
  } else if (since !== null) {
    const missed = epoch === since.epoch && seq > since.seq ? `${seq - since.seq} or more messages` : 'messages';
    addEntry('error', `push: ${topic}: ${missed} could not be recovered (the server no longer holds them)`,
      { dataset: { ...SOURCE, topic, recovered: 'false' } });
  }
  if (since === null || recovered !== true) {
    subscription.epoch = epoch;
    subscription.lastSeq = seq;
  }
}

/** Asks for the messages of a gap; they come in one "history" reply. */
function requestHistory(topic, epoch, seq, count) {
  const socket = openSocketOrNull();
  if (!socket) return;
  addTextEntry('sent', `push: ask for the ${count} message(s) of ${topic} after seq ${seq}`,
    send(socket, { type: 'history', topic, since: { epoch, seq }, limit: count }), { ...SOURCE, topic });
}

/** The messages of a gap, in seq order, each logged as a message of its topic. */
function onHistory({ topic, recovered, messages }, raw) {
  if (!isTopic(topic) || !Array.isArray(messages)) {
    unexpected('a "history" without a valid topic and messages', raw);
    return;
  }
  addEntry(recovered ? 'recovered' : 'error', recovered
    ? `push: filled a gap of ${messages.length} message(s) on ${topic}`
    : `push: ${topic}: the gap could not be filled (the server no longer holds it)`,
    { dataset: { ...SOURCE, topic, recovered: recovered ? String(messages.length) : 'false' } });
  for (const message of messages) {
    if (message === null || typeof message !== 'object' || !isCount(message.seq)) continue;
    addTextEntry('message', `push ${topic} seq\u00a0${message.seq} (filled)`, jsonText(message.data),
      { ...SOURCE, topic, seq: message.seq });
  }
}

function onUnsubscribed({ topic }, raw) {
  if (!isTopic(topic)) {
    unexpected('an "unsubscribed" without a valid topic', raw);
    return;
  }
  gate.log('unsubscribed',
    () => addEntry('unsubscribed', `push: unsubscribed from ${topic}`, { dataset: { ...SOURCE, topic } }),
    { kind: 'unsubscribed', label: 'push: unsubscribed replies', dataset: SOURCE, sample: () => topic });
}

function onPresence({ topic, subscribers }, raw) {
  if (!isTopic(topic) || !isCount(subscribers)) {
    unexpected('a "presence" without a valid topic and count', raw);
    return;
  }
  const subscription = push.subscriptions.get(topic);
  if (subscription && subscription.state === 'subscribed') subscription.subscribers = subscribers;
  gate.log(`presence:${topic}`,
    () => addEntry('presence', `push: ${topic} has ${subscribers} subscriber(s)`,
      { dataset: { ...SOURCE, topic, subscribers } }),
    { kind: 'presence', label: `push: presence of ${topic}`, dataset: { ...SOURCE, topic },
      sample: () => `${subscribers} subscriber(s)` });
}

function onDropped({ count }, raw) {
  if (!isCount(count)) {
    unexpected('a "dropped" without a valid count', raw);
    return;
  }
  push.droppedTotal += count;
  gate.log('dropped',
    () => addEntry('dropped', `push: the server dropped ${count} message(s) queued for this page, ` +
      'the oldest first, because the page read too slowly', { dataset: { ...SOURCE, count } }),
    { kind: 'dropped', label: 'push: dropped notices', dataset: SOURCE, sample: () => `${count} dropped` });
}

/**
 * An error answers a request of ours. The server handles a connection's requests in order and
 * answers a subscribe with "subscribed" or "error", an unsubscribe always with "unsubscribed",
 * and a publish only if it refuses it. This page sends no publish the server refuses (the topic
 * is checked, the data re-serialised by JSON.stringify, server-only topics are stopped here), so
 * while a subscribe waits for its reply, an error is that subscribe's: typically the limit of
 * subscriptions per connection or of topics per server. The topic then leaves the list, or every
 * reconnect would ask again. With no subscribe waiting, the error is only shown.
 */
function onErrorReply({ reason }, raw) {
  const text = typeof reason === 'string' ? reason : raw;
  push.lastError = text;
  const refused = push.awaitingReply.shift();
  const subscription = refused === undefined ? undefined : push.subscriptions.get(refused);
  if (subscription && subscription.state === 'requested') push.subscriptions.delete(refused);
  const what = refused === undefined ? 'a request' : `the subscription to ${refused}`;
  const li = addEntry('error', `push: the server refused ${what}:`,
    { dataset: { ...SOURCE, reply: 'error', ...(refused === undefined ? {} : { topic: refused }) } });
  li.append(' ', textSpan('reason', text));
}

// ---------------------------------------------------------------------------------------
// 5. Rendering
// ---------------------------------------------------------------------------------------

// Messages may arrive a thousand times a second; the panel is redrawn at most once per frame,
// and only what changed is written (setText, setData), so an unchanged frame costs no DOM work.
function scheduleRender() {
  if (push.renderPending) return;
  push.renderPending = true;
  requestAnimationFrame(() => {
    push.renderPending = false;
    guarded(render);
  });
}

/** Like setText, for a data- attribute. */
function setData(element, key, value) {
  if (element.dataset[key] !== value) element.dataset[key] = value;
}

function render() {
  renderConnection();
  renderClock();
  setText(ui.dropped, String(push.droppedTotal));
  setText(ui.lastError, push.lastError ?? '—');
  renderSubscriptions();
}

function renderConnection() {
  const socket = push.socket;
  let name;
  let text;
  if (push.reconnectAt !== 0) {
    name = 'RECONNECTING';
    const left = Math.max(0, push.reconnectAt - performance.now());
    text = `reconnecting in ${seconds(left)} s (attempt ${push.attempt})`;
  } else if (!socket) {
    name = 'IDLE';
    text = 'not connected';
  } else {
    name = READY_STATE_NAMES[socket.readyState];
    text = `${name} (#${push.connectionId})`;
  }
  setText(ui.state, text);
  setData(ui.state, 'state', name); // for CSS colours and tests
  setData(ui.state, 'connection', String(push.connectionId));
  setText(ui.protocol, push.protocol === null ? '—' : orNone(push.protocol));

  const open = openSocketOrNull() !== null;
  ui.connect.disabled = push.wantConnected;
  ui.disconnect.disabled = !push.wantConnected;
  ui.publish.disabled = !open;
}

function renderClock() {
  if (!push.clock) {
    setText(ui.clockTime, '—');
    return;
  }
  const { iso, seq } = push.clock;
  const date = new Date(iso);
  // The server's ISO-8601 instant, shown in the person's local time; verbatim if it does not parse.
  setText(ui.clockTime, Number.isNaN(date.getTime()) ? iso : timestamp(date).slice(0, 8));
  setData(ui.clockTime, 'seq', String(seq));
  setData(ui.clockTime, 'time', iso);
  if (ui.clockTime.title !== iso) ui.clockTime.title = iso;
}

const STATE_TEXT = { waiting: 'not connected', requested: 'subscribing…' };

/** One item per subscription, kept and updated in place (the list may be redrawn every frame). */
function renderSubscriptions() {
  for (const [topic, item] of push.items) {
    if (!push.subscriptions.has(topic)) {
      item.li.remove();
      push.items.delete(topic);
    }
  }
  for (const [topic, subscription] of push.subscriptions) {
    let item = push.items.get(topic);
    if (!item) {
      // New topics come last in the Map as in the list, so appending keeps the two in one order.
      // Existing items are never moved: that would take keyboard focus off their buttons.
      item = buildItem(topic);
      push.items.set(topic, item);
      ui.subscriptions.append(item.li);
    }
    const { state, subscribers, epoch, lastSeq, received } = subscription;
    const subscribed = state === 'subscribed';
    setData(item.li, 'state', state);
    setData(item.li, 'subscribers', subscribed ? String(subscribers) : '');
    setText(item.subscribers, subscribed ? String(subscribers) : STATE_TEXT[state]);
    setText(item.seq, lastSeq === null ? '—' : String(lastSeq));
    setText(item.epoch, epoch === null ? '—' : epoch.slice(0, 6));
    if (epoch !== null && item.epoch.title !== epoch) item.epoch.title = epoch;
    setText(item.received, String(received));
  }
  const none = push.subscriptions.size === 0;
  ui.subscriptions.hidden = none;
  ui.noSubscriptions.hidden = !none;
}

/**
 *   <li data-topic="T"><span class="topic">T</span> <button data-unsubscribe="T">Unsubscribe</button>
 *     <dl class="counts">subscribers <dd class="subscribers"> · epoch <dd class="epoch"> · last seq <dd class="seq">
 *     · received <dd class="received"></dl></li>
 */
function buildItem(topic) {
  const li = document.createElement('li');
  li.dataset.topic = topic;
  const item = { li };
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary small';
  button.dataset.unsubscribe = topic;
  button.textContent = 'Unsubscribe';
  button.setAttribute('aria-label', `Unsubscribe from ${topic}`);
  const counts = document.createElement('dl');
  counts.className = 'counts';
  for (const [label, className] of [['subscribers', 'subscribers'], ['epoch', 'epoch'], ['last seq', 'seq'],
    ['received', 'received']]) {
    const pair = document.createElement('div');
    const term = document.createElement('dt');
    term.textContent = label;
    const value = document.createElement('dd');
    value.className = className;
    pair.append(term, value);
    counts.append(pair);
    item[className] = value;
  }
  li.append(textSpan('topic', topic), button, counts);
  return item;
}

// ---------------------------------------------------------------------------------------
// 6. Actions
// ---------------------------------------------------------------------------------------

function topicFromField(action) {
  const topic = ui.topic.value.trim();
  const problem = topicProblem(topic);
  if (problem) {
    addEntry('error', `push: cannot ${action}: ${problem}`, { dataset: SOURCE });
    return null;
  }
  return topic;
}

function subscribe(topic) {
  if (topic === null) return;
  const existing = push.subscriptions.get(topic);
  if (existing) {
    addEntry('info', `push: already subscribed to ${topic} (${existing.state})`, { dataset: SOURCE });
    return;
  }
  push.subscriptions.set(topic,
    { state: 'waiting', subscribers: null, epoch: null, lastSeq: null, since: null, received: 0 });
  const socket = openSocketOrNull();
  if (socket) {
    addTextEntry('sent', `push: subscribe to ${topic}`, requestSubscribe(socket, topic), { ...SOURCE, topic });
  } else {
    addEntry('info', `push: will subscribe to ${topic} once connected`, { dataset: { ...SOURCE, topic } });
  }
  scheduleRender();
}

function unsubscribe(topic) {
  if (!push.subscriptions.delete(topic)) return; // a second click before the list was redrawn
  const socket = openSocketOrNull();
  if (socket) {
    addTextEntry('sent', `push: unsubscribe from ${topic}`, send(socket, { type: 'unsubscribe', topic }),
      { ...SOURCE, topic });
  } else {
    addEntry('info', `push: removed ${topic}; it will not be subscribed on connect`, { dataset: SOURCE });
  }
  scheduleRender();
}

function publish() {
  const topic = topicFromField('publish');
  if (topic === null) return;
  if (SERVER_ONLY_TOPICS.has(topic)) {
    addEntry('error', `push: cannot publish to "${topic}": only the server publishes there; subscribe to it instead`,
      { dataset: SOURCE });
    return;
  }
  let data;
  try {
    data = JSON.parse(ui.data.value);
  } catch (err) {
    addEntry('error', `push: cannot publish, the data is not valid JSON: ${err.message}`, { dataset: SOURCE });
    return;
  }
  const socket = openSocketOrNull();
  if (!socket) {
    addEntry('error', 'push: cannot publish: not connected', { dataset: SOURCE });
    return;
  }
  // Sent as the browser parsed it, not as typed: JSON.parse has already kept only the last of
  // duplicate keys (which the server would refuse) and read numbers as doubles. The log shows
  // the data exactly as it went out.
  const text = send(socket, { type: 'publish', topic, data });
  addTextEntry('sent', `push: publish to ${topic}, ${utf8Length(text)} bytes`, jsonText(data), { ...SOURCE, topic });
  scheduleRender();
}

// ---------------------------------------------------------------------------------------
// 7. Wiring
// ---------------------------------------------------------------------------------------

function init() {
  setText(ui.url, endpointUrl('push'));
  listen(ui.connect, 'click', connect);
  listen(ui.disconnect, 'click', disconnect);
  onSubmit(ui.topicForm, () => subscribe(topicFromField('subscribe')));
  listen(ui.subscribeClock, 'click', () => subscribe(CLOCK));
  // One listener for every item's Unsubscribe button, present and future.
  listen(ui.subscriptions, 'click', (event) => {
    const button = event.target.closest('button[data-unsubscribe]');
    if (button) unsubscribe(button.dataset.unsubscribe);
  });
  onSubmit(ui.publishForm, publish);
  // Enter in the textarea is a new line; Ctrl+Enter (⌘+Enter) publishes.
  listen(ui.data, 'keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      publish();
    }
  });
  render();
}

init();
