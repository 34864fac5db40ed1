// Echo & Push — the echo panel's connection: connect, disconnect, socket events, live status.

import { byId, setData, setText, textSpan } from './dom.js';
import { addEntry, addTextEntry, listen, logError, logInfo } from './log.js';
import { READY_STATE_NAMES, describeCloseCode, orNone, utf8Length } from './text.js';
import { blobHead, connectArgumentsProblem, hexPreview, parseProtocols } from './echo-checks.js';
import { countAsBurstEcho, endBurstOf } from './echo-burst.js';
import { countReceived, resetStats } from './echo-stats.js';

export const ui = Object.freeze({
  url: byId('url'),
  protocols: byId('protocols'),
  connect: byId('connect'),
  disconnect: byId('disconnect'),
  readyState: byId('ready-state'),
  bufferedAmount: byId('buffered-amount'),
  bufferedPeak: byId('buffered-peak'),
  negotiatedProtocol: byId('negotiated-protocol'),
  negotiatedExtensions: byId('negotiated-extensions'),
  lastHeard: byId('last-heard'),
  binaryType: byId('binary-type'),
  file: byId('file'),
  sendButtons: [byId('send'), byId('send-burst'), byId('send-random')],
  sendFile: byId('send-file'),
  close: byId('close'),
});

export const state = {
  socket: null,          // the current WebSocket (kept after it closes, so its final state stays visible)
  connectionId: 0,       // number of the current socket (#1, #2, …), so log entries say which one
  negotiated: null,      // { protocol, extensions } once the current socket has opened
  bufferedPeak: 0,       // highest bufferedAmount seen on the current socket
  pollHandle: 0,         // requestAnimationFrame handle while the status is being polled
  sentCount: 0,          // messages sent on the current socket …
  receivedCount: 0,      // … and received on it: together they identify burst echoes
  lastHeardAt: 0,        // performance.now() of the current socket's open or latest message (0: never)
};

const live = (socket) => socket && socket.readyState <= WebSocket.OPEN; // CONNECTING or OPEN

export function connect() {
  const url = ui.url.value.trim();
  const protocols = parseProtocols(ui.protocols.value);
  // Checked before the old socket is closed, so a typo does not cost a working connection.
  const problem = connectArgumentsProblem(url, protocols);
  if (problem) {
    logError(`cannot connect to "${url}": ${problem}`);
    return;
  }
  if (live(state.socket)) {
    logInfo(`closing connection #${state.connectionId} (1000) before connecting again`);
    state.socket.close(1000, 'reconnecting');
  }
  let socket;
  try {
    socket = protocols.length > 0 ? new WebSocket(url, protocols) : new WebSocket(url);
  } catch (err) {
    // The constructor's own checks remain the final word; they are reported the same way.
    logError(`cannot connect to "${url}": ${err.name}: ${err.message}`);
    renderStatus();
    return;
  }
  state.connectionId += 1;
  Object.assign(state, { socket, negotiated: null, bufferedPeak: 0, lastHeardAt: 0, sentCount: 0, receivedCount: 0 });
  socket.binaryType = ui.binaryType.value;
  resetStats(() => socket.readyState === WebSocket.OPEN);
  attachSocketHandlers(socket, state.connectionId);
  logInfo(`connecting #${state.connectionId} to ${socket.url} — subprotocols offered: ` +
    `${protocols.length > 0 ? protocols.join(', ') : '(none)'}`);
  startStatusPolling();
}

/** Disconnect: a normal close (1000) of the current socket. */
export function disconnect() {
  if (!live(state.socket)) return;
  state.socket.close(1000, 'disconnect');
  logInfo(`closing connection #${state.connectionId} (1000)`);
  renderStatus();
}

function attachSocketHandlers(socket, id) {
  // A replaced socket is CLOSING, so the browser delivers no more messages from it, but its
  // error and close events still arrive (after the new socket exists): they are logged, marked.
  const replaced = () => (socket === state.socket ? '' : ' (replaced)');

  listen(socket, 'open', () => {
    if (socket === state.socket) {
      state.negotiated = { protocol: socket.protocol, extensions: socket.extensions };
      state.lastHeardAt = performance.now();
    }
    addEntry('open', `connection #${id} open — protocol: ${orNone(socket.protocol)}, ` +
      `extensions: ${orNone(socket.extensions)}${replaced()}`);
    renderStatus();
  });
  listen(socket, 'message', (event) => onMessage(socket, event.data));
  listen(socket, 'error', () => {
    // Deliberately empty in every browser (so pages cannot probe networks); the close code follows.
    addEntry('error', `WebSocket error event on connection #${id} — browsers give no details; ` +
      `see the close entry that follows${replaced()}`);
    renderStatus();
  });
  listen(socket, 'close', (event) => {
    const li = addEntry('close', `connection #${id} closed — code ${event.code} ` +
      `(${describeCloseCode(event.code)}), wasClean ${event.wasClean}${replaced()}`,
    { dataset: { code: event.code, wasClean: event.wasClean } });
    // The reason is chosen by the peer: untrusted text, rendered as text like everything else.
    li.append(' reason: ', textSpan('reason', event.reason === '' ? '(empty)' : event.reason));
    endBurstOf(socket);
    renderStatus();
  });
}

function onMessage(socket, data) {
  if (socket === state.socket) state.lastHeardAt = performance.now();
  const isText = typeof data === 'string';
  const bytes = isText ? utf8Length(data) : (data.byteLength ?? data.size); // ArrayBuffer or Blob
  const index = state.receivedCount;
  state.receivedCount += 1;
  countReceived();
  if (countAsBurstEcho(socket, index, bytes)) return;
  if (isText) {
    addTextEntry('message', `text, ${bytes} bytes`, data, { bytes });
  } else if (data instanceof ArrayBuffer) {
    addEntry('message', `binary, ${bytes} bytes (ArrayBuffer)`, { dataset: { binary: 'arraybuffer', bytes } })
      .append(' — ', textSpan('preview', hexPreview(data)));
  } else {
    const li = addEntry('message', `binary, ${bytes} bytes (Blob)`, { dataset: { binary: 'blob', bytes } });
    // The entry is already in place, so the log order is unaffected by reading the Blob later.
    blobHead(data)
      .then((head) => li.append(' — ', textSpan('preview', hexPreview(head, bytes))))
      .catch((err) => li.append(' — ', textSpan('preview', `(preview unavailable: ${err.message})`)));
  }
}

// bufferedAmount changes without any event, so it is polled: one requestAnimationFrame loop runs while a
// socket exists and is not yet CLOSED. Every action also renders right after send(), because on a fast link
// the buffer may be empty again by the next frame.
function startStatusPolling() {
  if (state.pollHandle === 0) state.pollHandle = requestAnimationFrame(pollStatus);
}

function pollStatus() {
  state.pollHandle = 0;
  renderStatus();
  if (state.socket && state.socket.readyState !== WebSocket.CLOSED) startStatusPolling();
}

export function renderStatus() {
  const socket = state.socket;
  const readyState = socket ? socket.readyState : null;
  const name = socket ? READY_STATE_NAMES[readyState] : '';
  setText(ui.readyState, socket ? `${readyState} ${name}` : '—');
  setData(ui.readyState, 'state', name); // for CSS colours
  const buffered = socket ? socket.bufferedAmount : 0;
  state.bufferedPeak = Math.max(state.bufferedPeak, buffered);
  setText(ui.bufferedAmount, String(buffered));
  setText(ui.bufferedPeak, String(state.bufferedPeak));
  setText(ui.negotiatedProtocol, state.negotiated ? orNone(state.negotiated.protocol) : '—');
  setText(ui.negotiatedExtensions, state.negotiated ? orNone(state.negotiated.extensions) : '—');
  const open = readyState === WebSocket.OPEN;
  setText(ui.lastHeard, open && state.lastHeardAt > 0
    ? `${((performance.now() - state.lastHeardAt) / 1000).toFixed(1)} s ago` : '—');
  ui.sendButtons.forEach((button) => { button.disabled = !open; });
  ui.sendFile.disabled = !open || ui.file.files.length === 0;
  // close() is also legal while CONNECTING: it aborts the handshake.
  ui.close.disabled = !live(socket);
  ui.disconnect.disabled = !live(socket);
  // With a connection up, the button says what it does: closes it (1000) and opens a new one.
  setText(ui.connect, live(socket) ? 'Reconnect' : 'Connect');
}
