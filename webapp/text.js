// Echo & Push — pure text helpers both panels use: close code names, UTF-8 length, times, endpoint URLs.
// No DOM here, so the helpers can be tried from a test with import('./text.js').

export const READY_STATE_NAMES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

// Names from RFC 6455 §7.4.1 and the IANA registry, to make close entries self-explanatory.
const CLOSE_CODE_NAMES = {
  1000: 'Normal Closure',
  1001: 'Going Away',
  1002: 'Protocol Error',
  1003: 'Unsupported Data',
  1005: 'No Status Received',
  1006: 'Abnormal Closure',
  1007: 'Invalid Payload Data',
  1008: 'Policy Violation',
  1009: 'Message Too Big',
  1010: 'Mandatory Extension',
  1011: 'Internal Error',
  1012: 'Service Restart',
  1013: 'Try Again Later',
  1015: 'TLS Handshake',
};

export function describeCloseCode(code) {
  if (CLOSE_CODE_NAMES[code]) return CLOSE_CODE_NAMES[code];
  if (code >= 4000 && code <= 4999) return 'private use';
  if (code >= 3000 && code <= 3999) return 'registered';
  return 'unknown';
}

const utf8 = new TextEncoder();

/** Byte length on the wire of a text message (WebSocket text frames are UTF-8). */
export const utf8Length = (text) => utf8.encode(text).length;

/** "HH:MM:SS.mmm" in local time. */
export function timestamp(date = new Date()) {
  const pad = (n, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `.${pad(date.getMilliseconds(), 3)}`;
}

/**
 * The WebSocket endpoint `name` ("echo", "push") next to the page at `page` (this one by default).
 * The context path of the WAR is not fixed, so it is taken from the directory of the page:
 * "/echo-push/" or "/echo-push/index.html" → "/echo-push/"; ws: or wss: follows the page's own
 * scheme, so a page served over https never opens an unencrypted socket.
 */
export function endpointUrl(name, page = location) {
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  const contextDir = page.pathname.replace(/[^/]*$/, '');
  return `${scheme}//${page.host}${contextDir}${name}`;
}

export const orNone = (text) => (text === '' ? '(none)' : text);
