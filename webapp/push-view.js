// Echo & Push — drawing the push panel: connection state, clock, counters, the list of subscriptions.
//
// Messages may arrive a thousand times a second; the panel is redrawn at most once per frame, and only what
// changed is written (setText, setData), so an unchanged frame costs no DOM work.

import { setData, setText, textSpan } from './dom.js';
import { guarded } from './log.js';
import { READY_STATE_NAMES, orNone, timestamp } from './text.js';
import { push, seconds, ui } from './push-core.js';
import { renderIdentity } from './push-identity.js';
import { renderTransport } from './push-transport.js';

export function scheduleRender() {
  if (push.renderPending) return;
  push.renderPending = true;
  requestAnimationFrame(() => {
    push.renderPending = false;
    guarded(render);
  });
}

export function render() {
  renderConnection();
  renderClock();
  setText(ui.dropped, String(push.droppedTotal));
  setText(ui.lastError, push.lastError ?? '—');
  renderSubscriptions();
  renderIdentity();
  renderTransport();
}

function renderConnection() {
  const socket = push.socket;
  let name;
  let text;
  if (push.reconnectAt !== 0) {
    name = 'RECONNECTING';
    text = `reconnecting in ${seconds(Math.max(0, push.reconnectAt - performance.now()))} s (attempt ${push.attempt})`;
  } else if (push.transport === 'sse') {
    // EventSource has CONNECTING, OPEN and CLOSED, numbered as a WebSocket's.
    name = push.stream ? READY_STATE_NAMES[push.stream.readyState] : 'IDLE';
    text = push.stream ? `${name} (SSE #${push.connectionId})` : 'SSE: waiting for a first subscription';
  } else if (!socket) {
    name = 'IDLE';
    text = 'not connected';
  } else {
    name = READY_STATE_NAMES[socket.readyState];
    text = `${name} (#${push.connectionId})`;
  }
  setText(ui.state, text);
  setData(ui.state, 'state', name); // for CSS colours and tests
  setData(ui.state, 'connection', String(push.connectionId));
  setText(ui.protocol, push.protocol === null ? '—' : orNone(push.protocol));
  // One button: it says what it will do. While the page keeps itself connected (or waits to reconnect), that
  // is Disconnect.
  setText(ui.connect, push.wantConnected ? 'Disconnect' : 'Connect');
  setData(ui.connect, 'action', push.wantConnected ? 'disconnect' : 'connect');
  ui.publish.disabled = push.transport === 'sse' || !(socket && socket.readyState === WebSocket.OPEN);
}

function renderClock() {
  if (!push.clock) {
    setText(ui.clockTime, '—');
    return;
  }
  const { iso, seq } = push.clock;
  const date = new Date(iso);
  // The server's ISO-8601 instant, shown in the person's local time; verbatim if it does not parse.
  setText(ui.clockTime, Number.isNaN(date.getTime()) ? iso : timestamp(date).slice(0, 8));
  setData(ui.clockTime, 'seq', String(seq));
  setData(ui.clockTime, 'time', iso);
  if (ui.clockTime.title !== iso) ui.clockTime.title = iso;
}

const STATE_TEXT = { waiting: 'not connected', requested: 'subscribing…' };

/** One item per subscription, kept and updated in place (the list may be redrawn every frame). */
function renderSubscriptions() {
  for (const [topic, item] of push.items) {
    if (!push.subscriptions.has(topic)) {
      item.li.remove();
      item.choice.remove();
      push.items.delete(topic);
    }
  }
  for (const [topic, subscription] of push.subscriptions) {
    let item = push.items.get(topic);
    if (!item) {
      // New topics come last in the Map as in the list, so appending keeps the two in one order.
      // Existing items are never moved: that would take keyboard focus off their buttons.
      item = buildItem(topic);
      push.items.set(topic, item);
      ui.subscriptions.append(item.li);
      ui.topicChoices.append(item.choice);
    }
    const { state, subscribers, epoch, lastSeq, received } = subscription;
    const subscribed = state === 'subscribed';
    setData(item.li, 'state', state);
    setData(item.li, 'subscribers', subscribed ? String(subscribers) : '');
    setText(item.subscribers, subscribed ? String(subscribers) : STATE_TEXT[state]);
    setText(item.seq, lastSeq === null ? '—' : String(lastSeq));
    setText(item.epoch, epoch === null ? '—' : epoch.slice(0, 6));
    if (epoch !== null && item.epoch.title !== epoch) item.epoch.title = epoch;
    setText(item.received, String(received));
  }
  const none = push.subscriptions.size === 0;
  ui.subscriptions.hidden = none;
  ui.noSubscriptions.hidden = !none;
}

/**
 *   <li data-topic="T"><span class="topic">T</span> <button data-unsubscribe="T">Unsubscribe</button>
 *     <dl class="counts">subscribers · epoch · last seq · received</dl></li>
 * and an <option> for the publish box's list of topics.
 */
function buildItem(topic) {
  const li = document.createElement('li');
  li.dataset.topic = topic;
  const choice = document.createElement('option');
  choice.value = topic;
  const item = { li, choice };
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary small';
  button.dataset.unsubscribe = topic;
  button.textContent = 'Unsubscribe';
  button.setAttribute('aria-label', `Unsubscribe from ${topic}`);
  const counts = document.createElement('dl');
  counts.className = 'counts';
  for (const [label, className] of [['subscribers', 'subscribers'], ['epoch', 'epoch'], ['last seq', 'seq'],
    ['received', 'received']]) {
    const pair = document.createElement('div');
    const term = document.createElement('dt');
    term.textContent = label;
    const value = document.createElement('dd');
    value.className = className;
    pair.append(term, value);
    counts.append(pair);
    item[className] = value;
  }
  li.append(textSpan('topic', topic), button, counts);
  return item;
}
