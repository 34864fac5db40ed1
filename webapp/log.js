// Echo & Push — the one event log both panels write into: entries, following, pause, filter.
//
// The log follows new entries unless the reader scrolled up; then new entries are counted for the "jump to
// latest" button. Pause holds new entries back (still bounded) until Resume. A filter hides entries without
// removing them. The toolbar (log-tools.js) drives all three; screen readers hear announce.js, not every entry.

import { byId, textSpan } from './dom.js';
import { announce } from './announce.js';
import { timestamp } from './text.js';

export const MAX_LOG_ENTRIES = 500;       // oldest entries are dropped beyond this (held ones too)
export const MAX_SHOWN_CHARS = 10_000;    // longer payloads are shown truncated in the log
const ANNOUNCED_KINDS = new Set(['open', 'close', 'error', 'dropped', 'recovered']);

const scroller = byId('log');
const list = byId('log-entries');
const clearHooks = [];
const changeHooks = [];

const view = {
  following: true,
  followedTo: 0,    // scrollTop where the log last scrolled itself
  unseen: 0,        // entries added (and shown) since the reader scrolled up
  paused: false,
  held: [],         // entries added while paused, oldest first
  heldDropped: 0,   // held entries dropped by the bound while paused
  shows: () => true,
  changePending: false,
};

/**
 * Builds (but does not insert) one log entry:
 *   <li class="KIND" data-kind="KIND" data-source="echo|push"><span class="time">…</span>
 *       <span class="kind">KIND</span> <span class="summary">…</span> [<span class="data">payload</span>]</li>
 */
export function buildEntry(kind, summary, { data, dataset = {} } = {}) {
  const li = document.createElement('li');
  li.className = kind;
  li.dataset.kind = kind;
  li.dataset.source = 'echo';
  for (const [key, value] of Object.entries(dataset)) li.dataset[key] = String(value);
  li.append(textSpan('time', timestamp()), ' ', textSpan('kind', kind), ' ', textSpan('summary', summary));
  if (data !== undefined) li.append(' ', textSpan('data', data));
  return li;
}

const atBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 24;

// Decided on the reader's scrolling, not on where the view is when an entry arrives: an entry that grows after
// it was added (a note, a counting line) must not make the log stop following.
scroller.addEventListener('scroll', () => {
  if (scroller.scrollTop < view.followedTo - 4 || atBottom()) {
    view.following = atBottom();
    if (view.following) view.unseen = 0;
    changed();
  }
});

/** Scrolls the log to its newest entry if it is following (entries updated in place call it too). */
export function followLog() {
  if (!view.following) return;
  scroller.scrollTop = scroller.scrollHeight;
  view.followedTo = scroller.scrollTop;
}

/** "Jump to latest": back to the newest entry, following again. */
export function jumpToLatest() {
  view.following = true;
  view.unseen = 0;
  followLog();
  changed();
}

function insert(li) {
  list.append(li);
  li.hidden = !view.shows(li);
  while (list.childElementCount > MAX_LOG_ENTRIES) list.firstElementChild.remove();
  if (!view.following && !li.hidden) view.unseen += 1;
  followLog();
}

/** Appends an entry (or holds it while paused), drops the oldest beyond MAX_LOG_ENTRIES. */
export function appendEntry(li) {
  if (view.paused) {
    view.held.push(li);
    if (view.held.length > MAX_LOG_ENTRIES) {
      view.held.shift();
      view.heldDropped += 1;
    }
  } else {
    insert(li);
  }
  if (ANNOUNCED_KINDS.has(li.dataset.kind)) announce(li.querySelector('.summary').textContent);
  changed();
  return li;
}

/** True while `li` is in the log or held for it (a live counter line uses this to know it must come back). */
export const isInLog = (li) => li.isConnected || view.held.includes(li);

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

export function setPaused(paused) {
  if (view.paused === paused) return;
  view.paused = paused;
  if (!paused) {
    view.held.splice(0).forEach(insert);
    view.heldDropped = 0;
  }
  changed();
}

/** Shows only the entries `shows(li)` accepts, the ones already in the log and every later one. */
export function setFilter(shows) {
  view.shows = shows;
  for (const li of list.children) li.hidden = !shows(li);
  view.unseen = 0;
  followLog();
  changed();
}

/** The entries shown, as text, one per line (what "Copy" copies). */
export const shownText = () => [...list.children].filter((li) => !li.hidden).map((li) => li.innerText).join('\n');

/** Counts for the toolbar. */
export function logCounts() {
  const total = list.childElementCount;
  const shown = [...list.children].filter((li) => !li.hidden).length;
  return { total, shown, held: view.held.length, heldDropped: view.heldDropped, unseen: view.unseen,
    following: view.following, paused: view.paused };
}

/** `hook` runs after every Clear log, e.g. to put back a live counter line that is still counting. */
export const onLogCleared = (hook) => clearHooks.push(hook);

/** `hook` runs (at most once a frame) after entries come, go, or the view changes. */
export const onLogChanged = (hook) => changeHooks.push(hook);

export function clearLog() {
  list.replaceChildren();
  view.held.length = 0;
  view.heldDropped = 0;
  view.unseen = 0;
  view.following = true;
  view.followedTo = 0;
  clearHooks.forEach((hook) => guarded(hook));
  changed();
}

function changed() {
  if (view.changePending) return;
  view.changePending = true;
  requestAnimationFrame(() => {
    view.changePending = false;
    changeHooks.forEach((hook) => guarded(hook));
  });
}

// Every listener and timer runs through one guard: anything it throws becomes an error entry, marked
// data-script-error (a bug in the page, not a network event), instead of an uncaught exception.
export function guarded(action) {
  try {
    action();
  } catch (err) {
    logError(`${err.name}: ${err.message}`, { source: 'page', scriptError: true });
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
