// Echo & Push — what both panels of the client page use: small DOM and text helpers, the
// endpoint URLs, close code names, the one event log, and the guard every listener runs through.
//
// An ES module: app.js (echo panel) and push.js (push panel) import it, and the browser runs it
// once, so both panels write into the same log.
//
// Security rule, here as everywhere on the page: text that comes from the network or from the
// user is only ever put into the page with textContent or as a Text node, never parsed as markup.

export const MAX_LOG_ENTRIES = 500;       // oldest entries are dropped beyond this
export const MAX_SHOWN_CHARS = 10_000;    // longer payloads are shown truncated in the log

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

export const byId = (id) => document.getElementById(id);

export function textSpan(className, text) {
  const span = document.createElement('span');
  span.className = className;
  span.textContent = text;
  return span;
}

/** Writes text only when it changed, to avoid needless DOM mutations 60 times a second. */
export function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

// ---------------------------------------------------------------------------------------
// The event log
// ---------------------------------------------------------------------------------------

const logElement = byId('log');
const clearHooks = [];

/**
 * Builds (but does not insert) one log entry:
 *   <li class="KIND" data-kind="KIND"><span class="time">…</span> <span class="kind">KIND</span>
 *       <span class="summary">…</span> [<span class="data">payload text</span>]</li>
 */
export function buildEntry(kind, summary, { data, dataset = {} } = {}) {
  const li = document.createElement('li');
  li.className = kind;
  li.dataset.kind = kind;
  for (const [key, value] of Object.entries(dataset)) li.dataset[key] = String(value);
  li.append(textSpan('time', timestamp()), ' ', textSpan('kind', kind), ' ', textSpan('summary', summary));
  if (data !== undefined) li.append(' ', textSpan('data', data));
  return li;
}

// The log follows new entries unless the reader scrolled up. Decided on the reader's scrolling, not on where the
// view is when an entry arrives: an entry that grows after it was added (a note, a counting line) must not
// make the log stop following.
let following = true;
let followedTo = 0; // scrollTop where the log last scrolled itself
const atBottom = (log) => log.scrollHeight - log.scrollTop - log.clientHeight < 24;
logElement.addEventListener('scroll', () => {
  if (logElement.scrollTop < followedTo - 4 || atBottom(logElement)) following = atBottom(logElement);
});

/** Scrolls the log to its newest entry if it is following (entries updated in place call it too). */
export function followLog() {
  if (!following) return;
  logElement.scrollTop = logElement.scrollHeight;
  followedTo = logElement.scrollTop;
}

/** Appends an entry, drops the oldest beyond MAX_LOG_ENTRIES, follows the end unless the reader scrolled up. */
export function appendEntry(li) {
  const log = logElement;
  log.append(li);
  while (log.childElementCount > MAX_LOG_ENTRIES) log.firstElementChild.remove();
  followLog();
  return li;
}

export const addEntry = (kind, summary, options) => appendEntry(buildEntry(kind, summary, options));

/** An entry carrying a text payload in its .data child; huge payloads are shown truncated. */
export function addTextEntry(kind, summary, text, dataset = {}) {
  const shown = text.length > MAX_SHOWN_CHARS ? text.slice(0, MAX_SHOWN_CHARS) : text;
  const li = buildEntry(kind, summary, { data: shown, dataset });
  if (shown !== text) {
    li.append(' ', textSpan('note', `… ${text.length - shown.length} more characters not shown`));
  }
  return appendEntry(li); // whole before it is added, so that following sees its full height
}

export const logInfo = (summary, dataset) => addEntry('info', summary, { dataset });
export const logError = (summary, dataset) => addEntry('error', summary, { dataset });

/** `hook` runs after every Clear log, e.g. to put back a live counter line that is still counting. */
export function onLogCleared(hook) {
  clearHooks.push(hook);
}

export function clearLog() {
  logElement.replaceChildren();
  following = true;
  followedTo = 0;
  clearHooks.forEach((hook) => guarded(hook));
}

// ---------------------------------------------------------------------------------------
// Wiring: every listener and timer runs through one guard
// ---------------------------------------------------------------------------------------

/**
 * Runs an action; anything it throws becomes an error entry instead of an uncaught exception.
 * The entry is marked data-script-error, since it means a bug in the page, not a network event.
 */
export function guarded(action) {
  try {
    action();
  } catch (err) {
    logError(`${err.name}: ${err.message}`, { scriptError: true });
  }
}

/** addEventListener with the guard: used for every listener, DOM and WebSocket alike. */
export function listen(target, type, handler) {
  target.addEventListener(type, (event) => guarded(() => handler(event)));
}

/** A form submit (button click or Enter in one of its fields) runs `action` instead of navigating. */
export function onSubmit(form, action) {
  listen(form, 'submit', (event) => {
    event.preventDefault();
    action();
  });
}
