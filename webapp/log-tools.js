// Echo & Push — the event log's toolbar: search, panel and kind filters, pause, copy, clear, jump to latest.

import { byId, setData, setText } from './dom.js';
import {
  clearLog, jumpToLatest, listen, logCounts, onLogChanged, setFilter, setPaused, shownText,
} from './log.js';
import { announce } from './announce.js';

// Each kind checkbox stands for a group of entry kinds (data-kinds="open close …" in index.html).
const ui = Object.freeze({
  search: byId('log-search'),
  panels: [...document.querySelectorAll('input[data-log-source]')],
  kinds: [...document.querySelectorAll('input[data-log-kinds]')],
  pause: byId('log-pause'),
  copy: byId('log-copy'),
  clear: byId('clear-log'),
  counts: byId('log-counts'),
  jump: byId('log-jump'),
});

function applyFilter() {
  const needle = ui.search.value.trim().toLowerCase();
  const hiddenSources = new Set(ui.panels.filter((box) => !box.checked).map((box) => box.dataset.logSource));
  const hiddenKinds = new Set(ui.kinds.filter((box) => !box.checked).flatMap((box) => box.dataset.logKinds.split(' ')));
  const everything = needle === '' && hiddenSources.size === 0 && hiddenKinds.size === 0;
  setFilter(everything ? () => true : (li) => !hiddenSources.has(li.dataset.source)
    && !hiddenKinds.has(li.dataset.kind) && (needle === '' || li.textContent.toLowerCase().includes(needle)));
}

function togglePause() {
  const paused = ui.pause.getAttribute('aria-pressed') !== 'true';
  ui.pause.setAttribute('aria-pressed', String(paused));
  setPaused(paused);
}

async function copyShown() {
  const text = shownText();
  const lines = text === '' ? 0 : text.split('\n').length;
  try {
    await navigator.clipboard.writeText(text);
    say(`copied the ${lines} line(s) shown`);
  } catch (err) {
    say(`could not copy: ${err.message}`);
  }
}

function say(text) {
  setData(ui.copy, 'result', text);
  announce(text);
}

function renderCounts() {
  const { total, shown, held, heldDropped, unseen, following, paused } = logCounts();
  const parts = [shown === total ? `${total} entries` : `${shown} of ${total} entries shown`];
  if (paused) parts.push(`paused, ${held} held${heldDropped > 0 ? ` (${heldDropped} older dropped)` : ''}`);
  setText(ui.counts, parts.join(' · '));
  setText(ui.pause, paused ? `Resume (${held})` : 'Pause');
  ui.jump.hidden = following;
  setText(ui.jump, unseen > 0 ? `↓ Jump to latest (${unseen} new)` : '↓ Jump to latest');
  setData(ui.jump, 'unseen', String(unseen));
}

listen(ui.search, 'input', applyFilter);
listen(ui.search, 'change', applyFilter); // a cleared field may say so only with change
[...ui.panels, ...ui.kinds].forEach((box) => listen(box, 'change', applyFilter));
listen(ui.pause, 'click', togglePause);
listen(ui.copy, 'click', () => copyShown());
listen(ui.clear, 'click', clearLog);
listen(ui.jump, 'click', jumpToLatest);
onLogChanged(renderCounts);
renderCounts();
