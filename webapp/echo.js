// Echo & Push — the echo panel: what its buttons do (send text, a burst, a file, random bytes; close with a
// code) and the wiring. The connection and its status are in echo-connection.js.

import { byId, textSpan } from './dom.js';
import { addEntry, addTextEntry, listen, logError, logInfo, onLogCleared, onSubmit } from './log.js';
import { READY_STATE_NAMES, endpointUrl, utf8Length } from './text.js';
import { closeArgumentsProblem, hexPreview, parseWholeNumber, randomBytes } from './echo-checks.js';
import { expectBurstEchoes, keepBurstCounter } from './echo-burst.js';
import { countSent } from './echo-stats.js';
import { connect, disconnect, renderStatus, state, ui } from './echo-connection.js';

const MAX_BURST = 100_000;          // upper bounds that keep a typo from freezing the tab
const MAX_RANDOM_BYTES = 16 * 1024 * 1024;

const fields = Object.freeze({
  message: byId('message'),
  burstCount: byId('burst-count'),
  randomBytes: byId('random-bytes'),
  closeCode: byId('close-code'),
  closeReason: byId('close-reason'),
});

/** Every send goes through here, so that echoes can be matched to what was sent. */
function send(socket, data, count = 1) {
  for (let i = 0; i < count; i += 1) socket.send(data);
  state.sentCount += count;
  countSent(count);
}

/**
 * The current socket if it is OPEN, else null (after logging why). send() on a CONNECTING socket throws, and
 * on a CLOSING/CLOSED one it silently discards the data: both are worth a log line. (Buttons are disabled
 * anyway; this is for Enter.)
 */
function openSocket(action) {
  const socket = state.socket;
  if (socket && socket.readyState === WebSocket.OPEN) return socket;
  logError(`cannot ${action}: the socket is ${socket ? READY_STATE_NAMES[socket.readyState] : 'not connected'}`);
  return null;
}

function sendText() {
  const socket = openSocket('send');
  if (!socket) return;
  const text = fields.message.value;
  send(socket, text);
  addTextEntry('sent', `text, ${utf8Length(text)} bytes`, text);
  renderStatus();
}

function sendBurst() {
  const socket = openSocket('send a burst');
  if (!socket) return;
  const count = parseWholeNumber(fields.burstCount.value, 1, MAX_BURST, 'burst count');
  if (count === null) return;
  const text = fields.message.value;
  const bytesEach = utf8Length(text);
  const firstIndex = state.sentCount;
  const started = performance.now();
  // One synchronous loop: the browser cannot flush anything to the network until this task
  // ends, so everything sent here is counted in bufferedAmount right afterwards.
  send(socket, text, count);
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
  const count = parseWholeNumber(fields.randomBytes.value, 0, MAX_RANDOM_BYTES, 'random byte count');
  if (count === null) return;
  const bytes = randomBytes(count);
  send(socket, bytes);
  addEntry('sent', `binary, ${count} bytes (random)`, { dataset: { bytes: count } })
    .append(' — ', textSpan('preview', hexPreview(bytes.buffer)));
  renderStatus();
}

function applyBinaryType() {
  const socket = state.socket;
  if (!socket || socket.readyState === WebSocket.CLOSED) return; // used for the next connection
  socket.binaryType = ui.binaryType.value;
  logInfo(`binaryType set to "${ui.binaryType.value}" for messages received from now on`);
}

function closeSocket() {
  const codeText = fields.closeCode.value.trim();
  const reason = fields.closeReason.value;
  // An empty code field means "no code": the close event then reports 1005. A reason needs a code.
  if (codeText === '' && reason !== '') {
    logError('a close reason can only be sent together with a code (e.g. 1000)');
    return;
  }
  if (codeText !== '' && !/^\d+$/.test(codeText)) {
    logError(`close code must be a whole number (got "${fields.closeCode.value}")`);
    return;
  }
  const code = codeText === '' ? undefined : Number(codeText);
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
  if (code === undefined) socket.close(); else socket.close(code, reason);
  logInfo(code === undefined ? 'closing without a code' : `closing with code ${code} and reason "${reason}"`);
  renderStatus();
}

ui.url.value = endpointUrl('echo');
onLogCleared(keepBurstCounter);
onSubmit(byId('connect-form'), connect);
listen(ui.disconnect, 'click', disconnect);
onSubmit(byId('send-form'), sendText);
onSubmit(byId('burst-form'), sendBurst);
onSubmit(byId('file-form'), sendFile);
onSubmit(byId('random-form'), sendRandomBytes);
onSubmit(byId('close-form'), closeSocket);
listen(ui.binaryType, 'change', applyBinaryType);
listen(ui.file, 'change', renderStatus);
renderStatus();
