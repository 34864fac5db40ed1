// Echo & Push — the echo panel's checks and byte helpers: what the browser would throw at, said as a log line.

import { logError } from './log.js';
import { utf8Length } from './text.js';

const PREVIEW_BYTES = 16;           // hex preview length for binary messages
const RANDOM_CHUNK = 65_536;        // crypto.getRandomValues() refuses more than 64 KiB per call
const MAX_REASON_BYTES = 123;       // a close frame payload is ≤ 125 bytes: 2 for the code + 123

/** "a, b ,, c" → ["a", "b", "c"]; "" → []. */
export function parseProtocols(text) {
  return text.split(',').map((p) => p.trim()).filter((p) => p !== '');
}

/** Parses a whole number in [min, max]; returns null (and logs why) if it is not one. */
export function parseWholeNumber(text, min, max, what) {
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
export function closeArgumentsProblem(code, reason) {
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
export function connectArgumentsProblem(url, protocols) {
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
export function hexPreview(buffer, totalBytes = buffer.byteLength) {
  const head = new Uint8Array(buffer, 0, Math.min(PREVIEW_BYTES, buffer.byteLength));
  const hex = Array.from(head, (b) => b.toString(16).padStart(2, '0')).join(' ');
  return totalBytes > PREVIEW_BYTES ? `${hex} …` : hex;
}

/** The first bytes of a Blob, enough for hexPreview (a Blob's content only comes asynchronously). */
export const blobHead = (blob) => blob.slice(0, PREVIEW_BYTES).arrayBuffer();

/** n cryptographically random bytes, filled in 64 KiB chunks (the getRandomValues limit). */
export function randomBytes(n) {
  const bytes = new Uint8Array(n);
  for (let offset = 0; offset < n; offset += RANDOM_CHUNK) {
    crypto.getRandomValues(bytes.subarray(offset, Math.min(offset + RANDOM_CHUNK, n)));
  }
  return bytes;
}
