// Echo & Push — the push panel's reconnect timer, shared by both transports: a WebSocket that closed, a stream the
// server refused. Full-jitter backoff; the countdown is drawn by push-view.js from push.reconnectAt.

import { addEntry, guarded } from './log.js';
import { SOURCE, push, seconds } from './push-core.js';
import { scheduleRender } from './push-view.js';

const RECONNECT_BASE_MS = 500;      // ceiling of the first reconnect delay, doubled per attempt …
const RECONNECT_CAP_MS = 30_000;    // … up to this
const STABLE_AFTER_MS = 10_000;     // a connection that stayed open this long starts the backoff afresh
const COUNTDOWN_REFRESH_MS = 100;   // redraw of "reconnecting in X s"

/**
 * "Full jitter": uniformly random between 0 and min(cap, base · 2^(attempt−1)). When a server restarts, all its
 * clients lose their connection at once; without the randomness they would all come back at once, every time.
 */
const backoffDelay = (attempt) => Math.random() * Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * 2 ** (attempt - 1));

/** Calls `reopen` after the next backoff delay; `openFor` is how long the lost connection had been open (ms). */
export function scheduleReconnect(openFor, reopen) {
  if (openFor >= STABLE_AFTER_MS) push.attempt = 0;
  push.attempt += 1;
  const delay = backoffDelay(push.attempt);
  push.reconnectAt = performance.now() + delay;
  push.reconnectTimer = setTimeout(() => guarded(reopen), delay);
  push.countdownTimer = setInterval(() => guarded(scheduleRender), COUNTDOWN_REFRESH_MS);
  addEntry('info', `push: reconnecting in ${seconds(delay)} s (attempt ${push.attempt})`,
    { dataset: { ...SOURCE, reconnectAttempt: push.attempt } });
}

export function cancelReconnect() {
  clearTimeout(push.reconnectTimer);
  clearInterval(push.countdownTimer);
  Object.assign(push, { reconnectTimer: 0, countdownTimer: 0, reconnectAt: 0 });
}
