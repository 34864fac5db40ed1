// Echo & Push — the push panel's connection: connect, disconnect, reconnect with backoff, subscribe again. This is
// the WebSocket transport; push-stream.js is the SSE one, which "automatic" falls back to when the upgrade fails.
//
// Any close the person did not ask for (server restart, 1008, 1009, network loss, a refused handshake) is
// followed by a reconnect; on open, every topic of the page is subscribed again from its last position seen.

import { textSpan } from './dom.js';
import { addEntry, listen } from './log.js';
import { describeCloseCode, endpointUrl, orNone } from './text.js';
import { PROTOCOL, SOURCE, askIdentity, push } from './push-core.js';
import { cancelReconnect, scheduleReconnect } from './push-backoff.js';
import { onServerMessage } from './push-messages.js';
import { closeStream, fallBackToStream, openStream } from './push-stream.js';
import { render, scheduleRender } from './push-view.js';

// Close codes the server uses on /push, and what they mean for the person watching.
const CLOSE_HINTS = {
  1001: 'the server is shutting down or the application is being redeployed',
  1006: 'no close frame: the server could not be reached or the connection broke',
  1008: 'the server closes a session that sent too many bad messages, read too slowly, or whose sign-in ended',
  1009: 'a message was larger than the server accepts (echopush.max-message-bytes, 64 KiB by default)',
};

/** Connect: from now on the page keeps itself connected; pressed again (Disconnect), it stops. */
export function toggleConnection() {
  if (push.wantConnected) {
    disconnect();
  } else {
    push.wantConnected = true;
    push.attempt = 0;
    // Each Connect starts from the choice: automatic tries the WebSocket again even after a fallback.
    Object.assign(push,
      { transport: push.choice === 'sse' ? 'sse' : 'websocket', transportNote: null, upgraded: false });
    if (push.transport === 'sse') openStream();
    else openSocket();
  }
}

export function openSocket() {
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
  Object.assign(push,
    { socket, protocol: null, openedAt: 0, awaitingReply: [], requests: new Map(), identity: null, settled: false });
  attachSocketHandlers(socket, id);
  addEntry('info', `push #${id}: connecting to ${url} — subprotocol offered: ${PROTOCOL}`,
    { dataset: { ...SOURCE, connection: id } });
  scheduleRender();
}

function disconnect() {
  push.wantConnected = false;
  const wasWaiting = push.reconnectAt !== 0;
  cancelReconnect();
  const socket = push.socket;
  if (push.transport === 'sse') {
    if (!closeStream('Disconnect') && wasWaiting) addEntry('info', 'push: reconnect cancelled', { dataset: SOURCE });
  } else if (socket && socket.readyState <= WebSocket.OPEN) {
    socket.close(1000, 'disconnect'); // allowed while CONNECTING too: it aborts the handshake
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
    Object.assign(push, { protocol: socket.protocol, openedAt: performance.now(), upgraded: true });
    addEntry('open', `push #${id} open — protocol: ${orNone(socket.protocol)}`,
      { dataset: { ...SOURCE, connection: id } });
    if (socket.protocol !== PROTOCOL) {
      addEntry('error', `push #${id}: the server did not choose ${PROTOCOL}; its messages may not be understood`,
        { dataset: SOURCE });
    }
    // Who the server takes this socket for: the page shows it, and only then subscribes, so that no subscribe
    // goes out before the socket has its rights (push-identity.js, D45).
    askIdentity(socket);
    scheduleRender();
  });
  // A replaced socket is CLOSING, so the browser delivers no more of its messages; checked anyway.
  listen(socket, 'message', (event) => {
    if (current()) onServerMessage(event.data);
  });
  listen(socket, 'error', () => {
    addEntry('error', `push #${id}: WebSocket error event — browsers give no details; ` +
      'see the close entry that follows',
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
  if (event.code === 1008 && push.signingOut && socket === push.socket) {
    li.append(' — ', textSpan('note', 'signed out: the socket\'s sign-in ended, so the server closed it'));
    push.signingOut = false;
  } else if (CLOSE_HINTS[event.code]) {
    li.append(' — ', textSpan('note', CLOSE_HINTS[event.code]));
  }

  if (socket !== push.socket) return; // an earlier connection, already replaced by a newer one
  const neverOpened = push.openedAt === 0;
  const openFor = neverOpened ? 0 : performance.now() - push.openedAt;
  Object.assign(push, { openedAt: 0, protocol: null, awaitingReply: [], identity: null });
  for (const subscription of push.subscriptions.values()) {
    subscription.state = 'waiting';
    subscription.subscribers = null;
  }
  // Closed before it opened, and no socket opened since Connect: the upgrade is refused or cut (a proxy that
  // passes only plain HTTP does that). Once one has opened, a failed reconnect is a server away: backoff instead.
  if (neverOpened && push.wantConnected && push.choice === 'auto' && !push.upgraded) {
    fallBackToStream('WebSocket upgrade failed', `the socket closed before it opened (code ${event.code})`);
    return;
  }
  if (neverOpened && push.wantConnected) {
    addEntry('error', `push #${id}: the WebSocket upgrade failed (closed before it opened); WebSocket was ` +
      'chosen, so the page does not fall back to SSE', { dataset: { ...SOURCE, upgrade: 'failed' } });
  }
  if (push.wantConnected) scheduleReconnect(openFor, openSocket);
  // Now, not at the next frame: with full jitter the reconnect may come sooner than a frame.
  render();
}
