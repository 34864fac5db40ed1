// Echo & Push — the push panel's shared parts: push.v1 constants and checks, the page elements, the state,
// and the requests the page sends. The other push-*.js modules build on this one; it imports none of them.
//
// push.v1: JSON text messages. The page sends whoami / subscribe / unsubscribe / publish / history; the server
// answers identity / subscribed / unsubscribed (or error), and pushes message (per topic, seq rising
// by 1), presence, dropped (this many of our oldest queued messages were dropped because we read too slowly).

import { byId } from './dom.js';
import { createLogGate } from './log-gate.js';
import { addEntry, addTextEntry } from './log.js';

export const PROTOCOL = 'push.v1';
export const CLOCK = 'clock';                   // built in: the server publishes {"time": …} every second
export const SERVER_ONLY_TOPICS = new Set([CLOCK]);
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,64}$/;
const SHOWN_NAME_CHARS = 80;                    // rejected input is quoted in the log up to this length
const MAX_PENDING_IDS = 256;                    // publishes are answered only if refused: forget the oldest ids

export const SOURCE = Object.freeze({ source: 'push' }); // on every log entry of this panel

// Server-initiated entries pass this gate; see log-gate.js for why and how. 5 lines a second per
// topic (bursts of 10) is more than a person can read; past that, a topic is counted, not logged.
export const gate = createLogGate({
  perKeyPerSecond: 5, perKeyBurst: 10, totalPerSecond: 40, totalBurst: 80, refreshMs: 250,
});

/** Why `topic` is not a valid push.v1 topic name, or null. */
export function topicProblem(topic) {
  if (topic === '') return 'enter a topic name';
  if (TOPIC_NAME.test(topic)) return null;
  const shown = topic.length > SHOWN_NAME_CHARS ? `${topic.slice(0, SHOWN_NAME_CHARS)}…` : topic;
  return `"${shown}" is not a valid topic: use 1–64 characters of A–Z a–z 0–9 . _ - (no spaces)`;
}

export const seconds = (ms) => (ms / 1000).toFixed(1);

/** A received JSON value as text. Numbers show as the browser parsed them (IEEE doubles). */
export const jsonText = (value) => (value === undefined ? '(no data)' : JSON.stringify(value));

export const isTopic = (value) => typeof value === 'string' && value !== '';
export const isCount = (value) => Number.isSafeInteger(value) && value >= 0;

export const ui = Object.freeze({
  url: byId('push-url'),
  connect: byId('push-connect'),
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
  topicChoices: byId('push-topic-choices'),
  publishForm: byId('push-publish-form'),
  publishTopic: byId('push-publish-topic'),
  data: byId('push-data'),
  publish: byId('push-publish'),
  identity: byId('push-identity'),
  signInForm: byId('push-signin-form'),
  user: byId('push-user'),
  password: byId('push-password'),
  signOut: byId('push-signout'),
});

export const push = {
  choice: 'auto',         // the person's transport: 'auto' (WebSocket, else SSE), 'websocket' or 'sse'
  transport: null,        // what this connection uses: 'websocket', 'sse'; null before the first Connect
  transportNote: null,    // why, when it is not what was chosen: "fallback: WebSocket upgrade failed"
  upgraded: false,        // a WebSocket opened since Connect: a later failed one does not fall back to SSE
  socket: null,           // the current WebSocket (kept after it closes, so its final state stays visible)
  stream: null,           // the current EventSource while on SSE (push-stream.js), kept after it closes
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
  requests: new Map(),    // id → { type, topic } of requests sent on the current socket, so an error names its own
  nextId: 0,
  identity: null,         // { user, roles } the server takes the current socket for (whoami); null: not known
  settled: false,         // the current socket has its rights (its identity is known): subscribes go out
  signedInAs: null,       // the user this page signed in as at /api/session, until it signs out
  signingOut: false,      // signed out: the server is about to close a socket opened in that session (1008)
  droppedTotal: 0,
  lastError: null,
  clock: null,            // { iso, seq } of the last tick of the clock topic
  items: new Map(),       // topic → { li, subscribers, seq, received }: its list item and value cells
  renderPending: false,
};

/** The current socket if it is OPEN, else null. */
export function openSocketOrNull() {
  const socket = push.socket;
  return socket && socket.readyState === WebSocket.OPEN ? socket : null;
}

/** Sends one push.v1 request; answers its text (what went over the wire). */
export function send(socket, request) {
  const text = JSON.stringify(request);
  socket.send(text);
  return text;
}

/** Sends a request with an id of its own, remembered so that its error (such as "forbidden") names it. */
export function sendRequest(socket, request) {
  push.nextId += 1;
  push.requests.set(push.nextId, { type: request.type, topic: request.topic });
  if (push.requests.size > MAX_PENDING_IDS) push.requests.delete(push.requests.keys().next().value);
  return send(socket, { ...request, id: push.nextId });
}

/** Subscribes; after a reconnect, from the last position seen, so that the server replays what was missed. */
export function requestSubscribe(socket, topic) {
  const subscription = push.subscriptions.get(topic);
  // The clock's ticks are never kept: there is nothing to recover, so it is never asked for (no false alarm).
  const since = topic === CLOCK || subscription.epoch === null || subscription.lastSeq === null ? undefined
    : { epoch: subscription.epoch, seq: subscription.lastSeq };
  const text = sendRequest(socket, since === undefined ? { type: 'subscribe', topic }
    : { type: 'subscribe', topic, since });
  subscription.state = 'requested';
  subscription.since = since ?? null;
  push.awaitingReply.push(topic);
  return text;
}

/** Asks for the messages of a gap; they come in one "history" reply. */
export function requestHistory(topic, epoch, seq, count) {
  const socket = openSocketOrNull();
  if (!socket && push.transport === 'sse') { // a stream has no way to ask: the gap is said, not filled
    addEntry('error', `push: ${topic}: ${count} message(s) after seq ${seq} were missed; SSE cannot ask for them`,
      { dataset: { ...SOURCE, topic, recovered: 'false' } });
  }
  if (!socket) return;
  addTextEntry('sent', `push: ask for the ${count} message(s) of ${topic} after seq ${seq}`,
    send(socket, { type: 'history', topic, since: { epoch, seq }, limit: count }), { ...SOURCE, topic });
}

export function askIdentity(socket) {
  addTextEntry('sent', `push #${push.connectionId}: who am I?`, sendRequest(socket, { type: 'whoami' }),
    { ...SOURCE, request: 'whoami' });
}

/** The socket has its rights: (re-)subscribes every topic the person subscribed to, in their order. */
export function settle() {
  const socket = openSocketOrNull();
  if (push.settled || !socket) return;
  push.settled = true;
  const topics = [...push.subscriptions.keys()];
  if (topics.length === 0) return;
  topics.forEach((topic) => requestSubscribe(socket, topic));
  addTextEntry('sent', `push #${push.connectionId}: subscribe to the ${topics.length} topic(s) of this page`,
    topics.join(', '), { ...SOURCE, topics: topics.length });
}
