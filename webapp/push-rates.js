// Echo & Push — messages per second for each subscribed topic, drawn live, with a legend of the last second.

import { byId, setText, textSpan } from './dom.js';
import { guarded } from './log.js';
import { createPlot } from './plot.js';
import { push } from './push-core.js';

const plot = createPlot(byId('push-rate-plot'), { seconds: 60, unit: 'msg/s', kind: 'lines' });
const legend = byId('push-rate-legend');
const counts = new Map();   // topic → messages received in the current second
const entries = new Map();  // topic → its legend <li>

export function countTopicMessage(topic) {
  counts.set(topic, (counts.get(topic) ?? 0) + 1);
}

function tick() {
  const connected = push.socket !== null && push.socket.readyState === WebSocket.OPEN;
  for (const topic of push.subscriptions.keys()) {
    if (!connected && !counts.has(topic)) continue; // a closed page draws no line of zeros
    const count = counts.get(topic) ?? 0;
    plot.add(topic, count);
    legendEntry(topic).dataset.rate = String(count);
    setText(legendEntry(topic).querySelector('.rate'), `${count}/s`);
  }
  counts.clear();
  for (const [topic, li] of entries) {
    if (!push.subscriptions.has(topic)) {
      li.remove();
      entries.delete(topic);
    }
  }
}

function legendEntry(topic) {
  let li = entries.get(topic);
  if (!li) {
    li = document.createElement('li');
    li.dataset.topic = topic;
    // A class, not a colour: the swatch follows the palette when the colour scheme changes.
    const swatch = textSpan(`swatch ${plot.series(topic, topic)}`, '');
    li.append(swatch, textSpan('topic', topic), ' ', textSpan('rate', '0/s'));
    legend.append(li);
    entries.set(topic, li);
  }
  return li;
}

setInterval(() => guarded(tick), 1000);
