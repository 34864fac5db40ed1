// Echo & Push — the echo panel's live plots: the round-trip time of every echo, and messages per second.
//
// The echo endpoint answers every message once and in order, so the k-th message received is the echo of the
// k-th sent: its round trip is now minus the time the k-th was sent (a queue of send times, oldest first).

import { byId, setText } from './dom.js';
import { guarded } from './log.js';
import { createPlot } from './plot.js';

const RTT_SECONDS = 30;
const RATE_SECONDS = 60;

const ui = Object.freeze({
  rttPlot: byId('echo-rtt-plot'),
  rttFigures: byId('echo-rtt-figures'),
  ratePlot: byId('echo-rate-plot'),
  rateFigures: byId('echo-rate-figures'),
});
const rtt = createPlot(ui.rttPlot, { seconds: RTT_SECONDS, unit: 'ms', kind: 'dots' });
const rates = createPlot(ui.ratePlot, { seconds: RATE_SECONDS, unit: 'msg/s', kind: 'lines' });
rates.series('in', 'received');
rates.series('out', 'sent');

const counts = { sentTimes: [], head: 0, in: 0, out: 0, last: null, active: () => false };

/** A new connection: nothing is awaiting its echo. `active` says whether rates are worth plotting. */
export function resetStats(active) {
  counts.sentTimes = [];
  counts.head = 0;
  counts.active = active;
}

export function countSent(n) {
  const now = performance.now();
  for (let i = 0; i < n; i += 1) counts.sentTimes.push(now);
  counts.out += n;
}

export function countReceived() {
  counts.in += 1;
  if (counts.head >= counts.sentTimes.length) return; // not an echo of ours (another server, say)
  counts.last = performance.now() - counts.sentTimes[counts.head];
  counts.head += 1;
  rtt.add('rtt', counts.last);
  if (counts.head > 4096 && counts.head * 2 > counts.sentTimes.length) {
    counts.sentTimes = counts.sentTimes.slice(counts.head); // keeps the queue as short as what awaits an echo
    counts.head = 0;
  }
}

const ms = (value) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function tick() {
  if (counts.active() || counts.in > 0 || counts.out > 0) {
    rates.add('in', counts.in);
    rates.add('out', counts.out);
    setText(ui.rateFigures, `in ${counts.in}/s · out ${counts.out}/s`);
    counts.in = 0;
    counts.out = 0;
  }
  const recent = rtt.values('rtt').sort((a, b) => a - b);
  setText(ui.rttFigures, recent.length === 0 ? 'no echo in the last 30 s'
    : `last ${ms(counts.last)} · median ${ms(percentile(recent, 50))} · p99 ${ms(percentile(recent, 99))}` +
      ` (n ${recent.length})`);
}

setInterval(() => guarded(tick), 1000);
