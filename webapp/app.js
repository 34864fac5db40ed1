// Echo & Push — the echo panel: a browser client for the "echo" WebSocket endpoint.
//
// Loaded with <script type="module">, so this file is strict mode and runs after the
// DOM is parsed. The event log, the listener guard and other helpers both panels use are in
// shared.js; the push panel is push.js. Layout of this file:
//   1. constants and small pure helpers (parsing, validation)
//   2. collapsing the echoes of a burst in the shared event log
//   3. the connection (connect, socket event handlers, live status)
//   4. the actions behind the buttons (send text / burst / file / random bytes, close)
//   5. wiring: every listener runs through one guard, so no exception escapes to the console
//
// Security rule for the whole file: text that comes from the network or from the user is
// only ever put into the page with textContent or as a Text node, never parsed as markup.

import {
  READY_STATE_NAMES, addEntry, addTextEntry, appendEntry, buildEntry, byId, clearLog,
  describeCloseCode, endpointUrl, listen, logError, logInfo, onLogCleared, onSubmit, orNone,
  setText, textSpan, utf8Length,
} from './shared.js';

// ---------------------------------------------------------------------------------------
// 1. Constants and helpers
// ---------------------------------------------------------------------------------------

const COLLAPSE_AFTER = 50;          // echoes of a larger burst are counted in one line, not logged
const BURST_IDLE_MS = 3000;         // stop waiting for a burst's echoes after this long without one
const COUNTER_REFRESH_MS = 200;     // how often a burst counter line is redrawn (and re-announced)
const PREVIEW_BYTES = 16;           // hex preview length for binary messages
const RANDOM_CHUNK = 65_536;        // crypto.getRandomValues() refuses more than 64 KiB per call
const MAX_BURST = 100_000;          // upper bounds that keep a typo from freezing the tab
const MAX_RANDOM_BYTES = 16 * 1024 * 1024;
const MAX_REASON_BYTES = 123;       // a close frame payload is ≤ 125 bytes: 2 for the code + 123

/** "a, b ,, c" → ["a", "b", "c"]; "" → []. */
function parseProtocols(text) {
  return text.split(',').map((p) => p.trim()).filter((p) => p !== '');
}

/** Parses a whole number in [min, max]; returns null (and logs why) if it is not one. */
function parseWholeNumber(text, min, max, what) {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || value < min || value > max) {
    logError(`${what} must be a whole number from ${min} to ${max} (got "${text}")`);
    return null;
  }
  return value;
}

/**
 * Mirrors the checks WebSocket.close() performs, so the user gets a readable log entry
 * instead of an InvalidAccessError / SyntaxError. Returns an error message or null.
 */
function closeArgumentsProblem(code, reason) {
  if (code !== undefined && code !== 1000 && !(code >= 3000 && code <= 4999)) {
    return `close code ${code} is not allowed from a browser: use 1000 or 3000–4999 ` +
      '(1001–2999 are reserved by the protocol itself; the browser would throw InvalidAccessError)';
  }
  const reasonBytes = utf8Length(reason);
  if (reasonBytes > MAX_REASON_BYTES) {
    return `close reason is ${reasonBytes} UTF-8 bytes, at most ${MAX_REASON_BYTES} are allowed ` +
      '(the browser would throw SyntaxError)';
  }
  return null;
}

// A subprotocol must be an HTTP "token" (RFC 9110 §5.6.2) and may be offered only once.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Checks what the WebSocket constructor would reject, plus one thing it would not: current
 * browsers resolve a relative URL against the page and quietly turn http(s) into ws(s), so a
 * typo like "echoo" would become a connection attempt instead of an error. Here the URL must be
 * absolute and ws: or wss:. Returns an error message or null.
 */
function connectArgumentsProblem(url, protocols) {
  let parsed;
  try {
    parsed = new URL(url); // no base URL: relative input throws
  } catch {
    return 'not an absolute URL (expected ws://host/path or wss://host/path)';
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    return `the scheme must be ws: or wss:, not ${parsed.protocol}`;
  }
  const invalid = protocols.find((p) => !TOKEN.test(p));
  if (invalid !== undefined) {
    return `subprotocol "${invalid}" is not a valid token (no spaces, quotes or separators)`;
  }
  const duplicate = protocols.find((p, i) => protocols.indexOf(p) !== i);
  if (duplicate !== undefined) return `subprotocol "${duplicate}" is offered twice`;
  return null;
}

/** "00 ff 1a …" for the first PREVIEW_BYTES bytes of an ArrayBuffer. */
function hexPreview(buffer, totalBytes = buffer.byteLength) {
  const head = new Uint8Array(buffer, 0, Math.min(PREVIEW_BYTES, buffer.byteLength));
  const hex = Array.from(head, (b) => b.toString(16).padStart(2, '0')).join(' ');
  return totalBytes > PREVIEW_BYTES ? `${hex} …` : hex;
}

/** n cryptographically random bytes, filled in 64 KiB chunks (the getRandomValues limit). */
function randomBytes(n) {
  const bytes = new Uint8Array(n);
  for (let offset = 0; offset < n; offset += RANDOM_CHUNK) {
    crypto.getRandomValues(bytes.subarray(offset, Math.min(offset + RANDOM_CHUNK, n)));
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------
// Page elements and the one piece of mutable state
// ---------------------------------------------------------------------------------------

const ui = Object.freeze({
  connectForm: byId('connect-form'),
  url: byId('url'),
  protocols: byId('protocols'),
  connect: byId('connect'),
  readyState: byId('ready-state'),
  bufferedAmount: byId('buffered-amount'),
  bufferedPeak: byId('buffered-peak'),
  negotiatedProtocol: byId('negotiated-protocol'),
  negotiatedExtensions: byId('negotiated-extensions'),
  lastHeard: byId('last-heard'),
  sendForm: byId('send-form'),
  message: byId('message'),
  send: byId('send'),
  burstForm: byId('burst-form'),
  burstCount: byId('burst-count'),
  sendBurst: byId('send-burst'),
  binaryType: byId('binary-type'),
  fileForm: byId('file-form'),
  file: byId('file'),
  sendFile: byId('send-file'),
  randomForm: byId('random-form'),
  randomBytes: byId('random-bytes'),
  sendRandom: byId('send-random'),
  closeForm: byId('close-form'),
  closeCode: byId('close-code'),
  closeReason: byId('close-reason'),
  close: byId('close'),
  clearLog: byId('clear-log'),
});

const state = {
  socket: null,          // the current WebSocket (kept after it closes, so its final state stays visible)
  connectionId: 0,       // number of the current socket (#1, #2, …), so log entries say which one
  negotiated: null,      // { protocol, extensions } once the current socket has opened
  bufferedPeak: 0,       // highest bufferedAmount seen on the current socket
  pollHandle: 0,         // requestAnimationFrame handle while the status is being polled
  sentCount: 0,          // messages sent on the current socket …
  receivedCount: 0,      // … and received on it: together they identify echoes, see section 2
  burst: null,           // the burst whose echoes are being counted, see expectBurstEchoes()
  lastHeardAt: 0,        // performance.now() of the current socket's open or latest message (0: never)
};

// ---------------------------------------------------------------------------------------
// 2. Burst echoes in the event log
// ---------------------------------------------------------------------------------------

/** A burst still being echoed keeps its counter line, or its remaining echoes would flood the log. */
function keepBurstCounter() {
  if (state.burst && state.burst.counter) appendEntry(state.burst.counter);
}

// Burst echoes. A burst of N > COLLAPSE_AFTER messages would bury the log under N echoes.
// The echo endpoint answers every message exactly once and in order, so the k-th message
// received on a socket is the echo of the k-th message sent on it: a burst sent after k other
// messages owns received messages k … k+N-1. Those are counted in one live counter line instead
// of being logged; every other message, including one sent just before or just after the burst,
// is logged individually with its text. If echoes stop coming (a server that does not echo, or
// drops messages), counting ends after BURST_IDLE_MS, so nothing is swallowed for long.
// The counter is redrawn every COUNTER_REFRESH_MS, not per message, which keeps both the DOM
// work and the screen-reader announcements of the live region at a sane rate.

/** Registers a burst of `count` messages that were sent after `firstIndex` other messages. */
function expectBurstEchoes(socket, firstIndex, count) {
  if (count <= COLLAPSE_AFTER) return;
  const range = { first: firstIndex, last: firstIndex + count - 1 };
  const current = state.burst;
  if (current && current.socket === socket) {
    // Another burst before the previous one is fully echoed: one counter line for both.
    current.ranges.push(range);
    current.expected += count;
    renderBurstCounter(current);
    return;
  }
  const burst = {
    socket, ranges: [range], expected: count, received: 0, bytes: 0,
    counter: null, // the log line, created when the first echo arrives so the log stays chronological
    lastAt: performance.now(), outcome: null, timer: 0,
  };
  burst.timer = setInterval(() => onBurstTick(burst), COUNTER_REFRESH_MS);
  state.burst = burst;
}

/** Counts received message number `index` if it is a burst echo; false means "log it normally". */
function countAsBurstEcho(socket, index, bytes) {
  const burst = state.burst;
  if (!burst || burst.socket !== socket) return false;
  if (!burst.ranges.some(({ first, last }) => index >= first && index <= last)) return false;
  if (!burst.counter) {
    burst.counter = buildEntry('message', '', { dataset: { collapsed: 'true' } });
    burst.counter.classList.add('collapsed');
    appendEntry(burst.counter);
  }
  burst.received += 1;
  burst.bytes += bytes;
  burst.lastAt = performance.now();
  if (burst.received >= burst.expected) endBurst('complete');
  else if (burst.received === 1) renderBurstCounter(burst);
  return true;
}

function onBurstTick(burst) {
  if (performance.now() - burst.lastAt > BURST_IDLE_MS) {
    endBurst(`no echo for ${BURST_IDLE_MS / 1000} s`);
  } else {
    renderBurstCounter(burst);
  }
}

function endBurst(outcome) {
  const burst = state.burst;
  if (!burst) return;
  clearInterval(burst.timer);
  burst.outcome = outcome;
  state.burst = null;
  if (burst.counter) {
    renderBurstCounter(burst);
  } else {
    logInfo(`none of the ${burst.expected} burst messages came back (${outcome})`);
  }
}

function renderBurstCounter({ counter, received, expected, bytes, outcome }) {
  if (!counter) return; // no echo yet
  let text;
  if (outcome === 'complete') {
    text = `received ${received} messages (burst), ${bytes} bytes`;
  } else if (outcome) {
    text = `received ${received} of ${expected} messages (burst), ${bytes} bytes — ${outcome}`;
  } else {
    text = `receiving burst echoes: ${received} of ${expected} messages, ${bytes} bytes so far`;
  }
  counter.dataset.count = String(received);
  counter.dataset.expected = String(expected);
  setText(counter.querySelector('.summary'), text);
}

// ---------------------------------------------------------------------------------------
// 3. The connection
// ---------------------------------------------------------------------------------------

function connect() {
  const url = ui.url.value.trim();
  const protocols = parseProtocols(ui.protocols.value);

  // Checked before the old socket is closed, so a typo does not cost a working connection.
  const problem = connectArgumentsProblem(url, protocols);
  if (problem) {
    logError(`cannot connect to "${url}": ${problem}`);
    return;
  }

  closePreviousSocket();

  let socket;
  try {
    // Passing an empty array is equivalent, but omitting the argument mirrors the common case.
    socket = protocols.length > 0 ? new WebSocket(url, protocols) : new WebSocket(url);
  } catch (err) {
    // The constructor's own checks (a SyntaxError, e.g. for a URL with a #fragment in older
    // browsers) remain the final word; they are reported the same way.
    logError(`cannot connect to "${url}": ${err.name}: ${err.message}`);
    renderStatus();
    return;
  }

  state.connectionId += 1;
  const id = state.connectionId;
  socket.binaryType = ui.binaryType.value;
  state.socket = socket;
  state.negotiated = null;
  state.bufferedPeak = 0;
  state.lastHeardAt = 0;
  state.sentCount = 0;
  state.receivedCount = 0;
  attachSocketHandlers(socket, id);

  const offered = protocols.length > 0 ? protocols.join(', ') : '(none)';
  logInfo(`connecting #${id} to ${socket.url} — subprotocols offered: ${offered}`);
  startStatusPolling();
}

/** One socket at a time: a new Connect closes the previous socket normally (1000). */
function closePreviousSocket() {
  const old = state.socket;
  if (old && (old.readyState === WebSocket.CONNECTING || old.readyState === WebSocket.OPEN)) {
    logInfo(`closing connection #${state.connectionId} (1000) before connecting again`);
    old.close(1000, 'reconnecting');
  }
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
    // Deliberately empty in every browser (so pages cannot probe networks); the reason,
    // as far as the browser reveals it, is the close code that follows.
    addEntry('error', `WebSocket error event on connection #${id} — browsers give no details; ` +
      `see the close entry that follows${replaced()}`);
    renderStatus();
  });

  listen(socket, 'close', (event) => {
    const li = addEntry('close',
      `connection #${id} closed — code ${event.code} (${describeCloseCode(event.code)}), ` +
      `wasClean ${event.wasClean}${replaced()}`,
      { dataset: { code: event.code, wasClean: event.wasClean } });
    // The reason is chosen by the peer: untrusted text, rendered as text like everything else.
    li.append(' reason: ', textSpan('reason', event.reason === '' ? '(empty)' : event.reason));
    if (state.burst && state.burst.socket === socket) endBurst('connection closed');
    renderStatus();
  });
}

function onMessage(socket, data) {
  if (socket === state.socket) state.lastHeardAt = performance.now();
  const isText = typeof data === 'string';
  const bytes = isText ? utf8Length(data) : (data.byteLength ?? data.size); // ArrayBuffer or Blob
  const index = state.receivedCount;
  state.receivedCount += 1;
  if (countAsBurstEcho(socket, index, bytes)) return;

  if (isText) logTextMessage(data, bytes);
  else if (data instanceof ArrayBuffer) logArrayBufferMessage(data);
  else logBlobMessage(data);
}

function logTextMessage(text, bytes) {
  addTextEntry('message', `text, ${bytes} bytes`, text, { bytes });
}

function logArrayBufferMessage(buffer) {
  const li = addEntry('message', `binary, ${buffer.byteLength} bytes (ArrayBuffer)`,
    { dataset: { binary: 'arraybuffer', bytes: buffer.byteLength } });
  li.append(' — ', textSpan('preview', hexPreview(buffer)));
}

function logBlobMessage(blob) {
  const li = addEntry('message', `binary, ${blob.size} bytes (Blob)`,
    { dataset: { binary: 'blob', bytes: blob.size } });
  // A Blob's content is only available asynchronously; the entry is already in place, so the
  // log order is unaffected. Read just the first bytes, not the whole (possibly large) Blob.
  blob.slice(0, PREVIEW_BYTES).arrayBuffer()
    .then((head) => li.append(' — ', textSpan('preview', hexPreview(head, blob.size))))
    .catch((err) => li.append(' — ', textSpan('preview', `(preview unavailable: ${err.message})`)));
}

// Live status. bufferedAmount changes without any event, so it has to be polled; one
// requestAnimationFrame loop runs while a socket exists and is not yet CLOSED (it is
// throttled automatically in background tabs). Every action also renders synchronously right
// after send(), because on a fast link the buffer may be empty again by the next frame.

function startStatusPolling() {
  if (state.pollHandle === 0) state.pollHandle = requestAnimationFrame(pollStatus);
}

function pollStatus() {
  state.pollHandle = 0;
  renderStatus();
  if (state.socket && state.socket.readyState !== WebSocket.CLOSED) startStatusPolling();
}

function renderStatus() {
  const socket = state.socket;
  const readyState = socket ? socket.readyState : null;
  const name = socket ? READY_STATE_NAMES[readyState] : '';

  setText(ui.readyState, socket ? `${readyState} ${name}` : '—');
  if (ui.readyState.dataset.state !== name) ui.readyState.dataset.state = name; // for CSS colours
  const buffered = socket ? socket.bufferedAmount : 0;
  state.bufferedPeak = Math.max(state.bufferedPeak, buffered);
  setText(ui.bufferedAmount, String(buffered));
  setText(ui.bufferedPeak, String(state.bufferedPeak));
  setText(ui.negotiatedProtocol, state.negotiated ? orNone(state.negotiated.protocol) : '—');
  setText(ui.negotiatedExtensions, state.negotiated ? orNone(state.negotiated.extensions) : '—');
  setText(ui.lastHeard, readyState === WebSocket.OPEN && state.lastHeardAt > 0
    ? `${((performance.now() - state.lastHeardAt) / 1000).toFixed(1)} s ago` : '—');

  const open = readyState === WebSocket.OPEN;
  ui.send.disabled = !open;
  ui.sendBurst.disabled = !open;
  ui.sendRandom.disabled = !open;
  ui.sendFile.disabled = !open || ui.file.files.length === 0;
  // close() is also legal while CONNECTING: it aborts the handshake.
  ui.close.disabled = !(open || readyState === WebSocket.CONNECTING);
  // With a connection up, the button says what it does: closes it (1000) and opens a new one.
  setText(ui.connect, open || readyState === WebSocket.CONNECTING ? 'Reconnect' : 'Connect');
}

// ---------------------------------------------------------------------------------------
// 4. Actions
// ---------------------------------------------------------------------------------------

/** Every send goes through here, so that echoes can be matched to what was sent. */
function send(socket, data) {
  socket.send(data);
  state.sentCount += 1;
}

/**
 * The current socket if it is OPEN, else null (after logging why). send() on a CONNECTING
 * socket throws, and on a CLOSING/CLOSED one it silently discards the data — both are
 * surprises worth turning into a log line. The buttons are disabled anyway; this is for Enter.
 */
function openSocket(action) {
  const socket = state.socket;
  if (socket && socket.readyState === WebSocket.OPEN) return socket;
  const where = socket ? READY_STATE_NAMES[socket.readyState] : 'not connected';
  logError(`cannot ${action}: the socket is ${where}`);
  return null;
}

function sendText() {
  const socket = openSocket('send');
  if (!socket) return;
  const text = ui.message.value;
  send(socket, text);
  addTextEntry('sent', `text, ${utf8Length(text)} bytes`, text);
  renderStatus();
}

function sendBurst() {
  const socket = openSocket('send a burst');
  if (!socket) return;
  const count = parseWholeNumber(ui.burstCount.value, 1, MAX_BURST, 'burst count');
  if (count === null) return;

  const text = ui.message.value;
  const bytesEach = utf8Length(text);
  const firstIndex = state.sentCount;
  const started = performance.now();
  // One synchronous loop: the browser cannot flush anything to the network until this task
  // ends, so everything sent here is counted in bufferedAmount right afterwards.
  for (let i = 0; i < count; i += 1) send(socket, text);
  const elapsedMs = performance.now() - started;

  addTextEntry('sent', `burst of ${count} × ${bytesEach} bytes = ${count * bytesEach} bytes ` +
    `in ${elapsedMs.toFixed(1)} ms; bufferedAmount right after the loop: ${socket.bufferedAmount}`,
    text, { count, bytes: count * bytesEach });
  expectBurstEchoes(socket, firstIndex, count);
  renderStatus();
}

function sendFile() {
  const socket = openSocket('send a file');
  if (!socket) return;
  const file = ui.file.files[0];
  if (!file) {
    logError('choose a file first');
    return;
  }
  send(socket, file); // a File is a Blob: sent as one binary message, no need to read it first
  addEntry('sent', `file "${file.name}" (${file.type || 'unknown type'}), binary, ${file.size} bytes`,
    { dataset: { bytes: file.size } });
  renderStatus();
}

function sendRandomBytes() {
  const socket = openSocket('send random bytes');
  if (!socket) return;
  const count = parseWholeNumber(ui.randomBytes.value, 0, MAX_RANDOM_BYTES, 'random byte count');
  if (count === null) return;
  const bytes = randomBytes(count);
  send(socket, bytes);
  const li = addEntry('sent', `binary, ${count} bytes (random)`, { dataset: { bytes: count } });
  li.append(' — ', textSpan('preview', hexPreview(bytes.buffer)));
  renderStatus();
}

function applyBinaryType() {
  const type = ui.binaryType.value;
  const socket = state.socket;
  if (!socket || socket.readyState === WebSocket.CLOSED) return; // used for the next connection
  socket.binaryType = type;
  logInfo(`binaryType set to "${type}" for messages received from now on`);
}

function closeSocket() {
  const codeText = ui.closeCode.value.trim();
  const reason = ui.closeReason.value;

  // An empty code field means "no code": the browser then sends a close frame without a status,
  // and the close event reports 1005 (No Status Received). A reason cannot travel without a code.
  let code;
  if (codeText === '' && reason !== '') {
    logError('a close reason can only be sent together with a code (e.g. 1000)');
    return;
  }
  if (codeText !== '') {
    if (!/^\d+$/.test(codeText)) {
      logError(`close code must be a whole number (got "${ui.closeCode.value}")`);
      return;
    }
    code = Number(codeText);
  }
  const problem = closeArgumentsProblem(code, reason);
  if (problem) {
    logError(problem);
    return;
  }

  const socket = state.socket;
  if (!socket || socket.readyState >= WebSocket.CLOSING) {
    logError('nothing to close: there is no connecting or open socket');
    return;
  }
  // Not close(undefined, …): some browsers count arguments and would read the code as 0.
  // Note that from now on (readyState CLOSING) the browser drops incoming messages unseen.
  if (code === undefined) socket.close(); else socket.close(code, reason);
  logInfo(code === undefined ? 'closing without a code' : `closing with code ${code} and reason "${reason}"`);
  renderStatus();
}

// ---------------------------------------------------------------------------------------
// 5. Wiring
// ---------------------------------------------------------------------------------------

function init() {
  ui.url.value = endpointUrl('echo');
  onLogCleared(keepBurstCounter);

  onSubmit(ui.connectForm, connect);
  onSubmit(ui.sendForm, sendText);
  onSubmit(ui.burstForm, sendBurst);
  onSubmit(ui.fileForm, sendFile);
  onSubmit(ui.randomForm, sendRandomBytes);
  onSubmit(ui.closeForm, closeSocket);
  listen(ui.binaryType, 'change', applyBinaryType);
  listen(ui.file, 'change', renderStatus);
  listen(ui.clearLog, 'click', clearLog);

  renderStatus();
}

init();
