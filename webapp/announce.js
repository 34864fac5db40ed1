// Echo & Push — what a screen reader hears: a few words about connections and errors, never a flood.
//
// The log itself is not a live region (aria-live="off"): a topic may carry a thousand messages a second.
// Connection changes and errors are announced here instead, at most one announcement per ANNOUNCE_MS; what
// comes in between is folded into the next one ("… and 4 more events").

import { byId } from './dom.js';

const ANNOUNCE_MS = 2000;
const region = byId('announcer');
const waiting = [];
let timer = 0;
let lastAt = -Infinity;

export function announce(text) {
  waiting.push(text);
  if (timer !== 0) return;
  timer = setTimeout(speak, Math.max(0, lastAt + ANNOUNCE_MS - performance.now()));
}

function speak() {
  timer = 0;
  lastAt = performance.now();
  const [first, ...rest] = waiting.splice(0);
  region.textContent = rest.length === 0 ? first : `${first} … and ${rest.length} more event(s), see the log`;
}
