// Echo & Push — a rate gate in front of the event log, for entries the server decides the rate of.
//
// Why: a push topic may carry 1,000 messages a second. A log line for each would keep the tab
// busy building and laying out list items, make the screen reader's live region chatter
// without end, and push everything else out of the 500-entry log within half a second.
//
// How: every entry has a key (e.g. "message:clock", "presence:news", "dropped"). An entry is
// logged one by one while its key stays within a token bucket of `perKeyPerSecond` (bursts of
// `perKeyBurst`) and the gate as a whole within `totalPerSecond` (bursts of `totalBurst`).
// Beyond that the key is *overflowing*: its entries are no longer logged but counted in one
// counter line per key, which shows how many, the seq range and the last payload, and is redrawn
// every `refreshMs` (not per entry). While overflowing, every entry still draws from the key's
// bucket, so the key only returns to one-by-one logging once it has been slow long enough for
// its bucket to refill completely: a steady 1 kHz topic stays on its counter line for good
// instead of trickling a few lines a second between counts.
//
// Costs per gated entry: a little arithmetic and, while overflowing, a counter increment. The
// payload text of a counted entry is only computed when its counter line is redrawn.

import { setText, textSpan } from './dom.js';
import { appendEntry, buildEntry, followLog, guarded, isInLog } from './log.js';
import { timestamp } from './text.js';

const MAX_IDLE_KEYS = 1000; // buckets of idle keys are forgotten past this many keys
const SAMPLE_CHARS = 200;   // the last payload on a counter line is cut to this length

/** A token bucket: `burst` tokens, refilled at `perSecond`. */
function bucket(perSecond, burst) {
  return { perSecond, burst, tokens: burst, at: performance.now() };
}

function refill(b, now) {
  b.tokens = Math.min(b.burst, b.tokens + ((now - b.at) * b.perSecond) / 1000);
  b.at = now;
  return b;
}

/**
 * A gate for one source of entries. `log(key, logOne, describe)` runs `logOne()` if the rate
 * allows, else counts the entry on the key's counter line. `describe` says what the counter line
 * shows: { kind, label, dataset, seq (optional number), sample (optional function → text) }.
 */
export function createLogGate({ perKeyPerSecond, perKeyBurst, totalPerSecond, totalBurst, refreshMs }) {
  const total = bucket(totalPerSecond, totalBurst);
  const keys = new Map();      // key → bucket
  const overflows = new Map(); // key → the counter being kept for it
  let timer = 0;

  function keyBucket(key, now) {
    let b = keys.get(key);
    if (!b) {
      if (keys.size >= MAX_IDLE_KEYS) forgetFullBuckets(now);
      b = bucket(perKeyPerSecond, perKeyBurst);
      keys.set(key, b);
    }
    return refill(b, now);
  }

  /** A full bucket is the same as a new one, so it can go; this bounds the map. */
  function forgetFullBuckets(now) {
    for (const [key, b] of keys) {
      if (!overflows.has(key) && refill(b, now).tokens >= b.burst) keys.delete(key);
    }
  }

  function log(key, logOne, describe) {
    const now = performance.now();
    const own = keyBucket(key, now);
    refill(total, now);
    let overflow = overflows.get(key);
    if (!overflow && own.tokens >= 1 && total.tokens >= 1) {
      own.tokens -= 1;
      total.tokens -= 1;
      logOne();
      return;
    }
    own.tokens = Math.max(0, own.tokens - 1);
    if (!overflow) overflow = startOverflow(key, describe);
    overflow.count += 1;
    if (describe.seq !== undefined) {
      overflow.firstSeq ??= describe.seq;
      overflow.lastSeq = describe.seq;
    }
    overflow.sample = describe.sample;
  }

  function startOverflow(key, { kind, label, dataset }) {
    const overflow = {
      kind, label, dataset, since: new Date(), count: 0, shownCount: -1,
      firstSeq: undefined, lastSeq: undefined, sample: undefined, li: null, ended: false,
    };
    overflows.set(key, overflow);
    if (timer === 0) timer = setInterval(() => guarded(tick), refreshMs);
    // The line itself is added by the next tick, at most refreshMs later, so that a short
    // spike costs no DOM work per entry.
    return overflow;
  }

  function tick() {
    const now = performance.now();
    for (const [key, overflow] of overflows) {
      if (keyBucket(key, now).tokens >= perKeyBurst) {
        overflow.ended = true;
        overflows.delete(key);
      }
      render(overflow);
    }
    if (overflows.size === 0) {
      clearInterval(timer);
      timer = 0;
    }
  }

  function render(overflow) {
    // A line removed by "Clear log" or by the log's size bound is put back at the end while the
    // key is still overflowing, so a flood never goes on unseen.
    if (!overflow.li || !isInLog(overflow.li)) {
      if (overflow.ended && overflow.li) return;
      overflow.li = appendEntry(buildEntry(overflow.kind, '', { dataset: { ...overflow.dataset, collapsed: 'true' } }));
      overflow.li.classList.add('collapsed');
      overflow.li.append(' ', textSpan('data', ''));
      overflow.shownCount = -1;
    } else if (overflow.count === overflow.shownCount && !overflow.ended) {
      return; // nothing new to show
    }
    const { li, label, count, firstSeq, lastSeq, since, ended } = overflow;
    const seqs = firstSeq === undefined ? '' : `, seq ${firstSeq}–${lastSeq}`;
    setText(li.querySelector('.summary'),
      `${label}: ${count} counted, too many to log one by one (over ${perKeyPerSecond} a second)` +
      `${seqs}, since ${timestamp(since)}${ended ? ' — back to one by one' : ' — counting'}`);
    const sample = overflow.sample ? overflow.sample() : '';
    setText(li.querySelector('.data'), sample === '' ? '' : `last: ${cut(sample)}`);
    li.dataset.count = String(count);
    li.dataset.ended = String(ended);
    overflow.shownCount = count;
    followLog(); // the line may have grown
  }

  return Object.freeze({ log });
}

const cut = (text) => (text.length > SAMPLE_CHARS ? `${text.slice(0, SAMPLE_CHARS)} …` : text);
