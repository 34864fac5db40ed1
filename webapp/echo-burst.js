// Echo & Push — the echoes of a burst, counted in one live line of the log instead of logged one by one.
//
// A burst of N > COLLAPSE_AFTER messages would bury the log under N echoes. The echo endpoint answers every
// message exactly once and in order, so the k-th message received on a socket is the echo of the k-th message
// sent on it: a burst sent after k other messages owns received messages k … k+N-1. Those are counted in one
// counter line; every other message, including one sent just before or just after the burst, is logged with
// its text. If echoes stop coming, counting ends after BURST_IDLE_MS, so nothing is swallowed for long. The
// counter is redrawn every COUNTER_REFRESH_MS, not per message.

import { setText } from './dom.js';
import { appendEntry, buildEntry, guarded, logInfo } from './log.js';

const COLLAPSE_AFTER = 50;
const BURST_IDLE_MS = 3000;
const COUNTER_REFRESH_MS = 200;

let current = null; // the burst whose echoes are being counted

/** A burst still being echoed keeps its counter line after Clear log, or its remaining echoes would flood. */
export function keepBurstCounter() {
  if (current && current.counter) appendEntry(current.counter);
}

/** Registers a burst of `count` messages that were sent after `firstIndex` other messages. */
export function expectBurstEchoes(socket, firstIndex, count) {
  if (count <= COLLAPSE_AFTER) return;
  const range = { first: firstIndex, last: firstIndex + count - 1 };
  if (current && current.socket === socket) {
    // Another burst before the previous one is fully echoed: one counter line for both.
    current.ranges.push(range);
    current.expected += count;
    render(current);
    return;
  }
  const burst = {
    socket, ranges: [range], expected: count, received: 0, bytes: 0,
    counter: null, // the log line, created when the first echo arrives so the log stays chronological
    lastAt: performance.now(), outcome: null, timer: 0,
  };
  burst.timer = setInterval(() => guarded(() => tick(burst)), COUNTER_REFRESH_MS);
  current = burst;
}

/** Counts received message number `index` if it is a burst echo; false means "log it normally". */
export function countAsBurstEcho(socket, index, bytes) {
  const burst = current;
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
  else if (burst.received === 1) render(burst);
  return true;
}

/** The socket closed: its burst, if any, ends now. */
export function endBurstOf(socket) {
  if (current && current.socket === socket) endBurst('connection closed');
}

function tick(burst) {
  if (performance.now() - burst.lastAt > BURST_IDLE_MS) endBurst(`no echo for ${BURST_IDLE_MS / 1000} s`);
  else render(burst);
}

function endBurst(outcome) {
  const burst = current;
  if (!burst) return;
  clearInterval(burst.timer);
  burst.outcome = outcome;
  current = null;
  if (burst.counter) render(burst);
  else logInfo(`none of the ${burst.expected} burst messages came back (${outcome})`);
}

function render({ counter, received, expected, bytes, outcome }) {
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
