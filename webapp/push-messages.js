// Echo & Push — what the push panel does with each message from the server: check it, update the state, log
// it (through the rate gate for what the server decides the rate of), and ask for a gap's messages.

import { addEntry, addTextEntry } from './log.js';
import {
  CLOCK, SOURCE, gate, isCount, isTopic, jsonText, openSocketOrNull, push, requestHistory, requestSubscribe,
} from './push-core.js';
import { onIdentity } from './push-identity.js';
import { countTopicMessage } from './push-rates.js';
import { onErrorReply } from './push-refusals.js';
import { scheduleRender } from './push-view.js';

export function onServerMessage(data) {
  if (typeof data !== 'string') {
    unexpected(`a binary message (${data.size ?? data.byteLength} bytes), which push.v1 does not have`, '');
    return;
  }
  let message;
  try {
    message = JSON.parse(data);
  } catch {
    unexpected('a message that is not JSON', data);
    return;
  }
  if (message === null || typeof message !== 'object' || Array.isArray(message)) {
    unexpected('a message that is not a JSON object', data);
    return;
  }
  // A switch, not a lookup table: "type" comes from the network, and a plain object would also
  // answer to names like "constructor".
  switch (message.type) {
    case 'message': onTopicMessage(message, data); break;
    case 'subscribed': onSubscribed(message, data); break;
    case 'unsubscribed': onUnsubscribed(message, data); break;
    case 'presence': onPresence(message, data); break;
    case 'dropped': onDropped(message, data); break;
    case 'history': onHistory(message, data); break;
    case 'identity': onIdentity(message, data); break;
    case 'error': onErrorReply(message, data); break;
    default: unexpected('a message of an unknown type', data);
  }
  scheduleRender();
}

function unexpected(what, raw) {
  gate.log('unexpected', () => addTextEntry('error', `push: the server sent ${what}`, raw, SOURCE),
    { kind: 'error', label: 'push: unexpected messages', dataset: SOURCE, sample: () => raw });
}

function onTopicMessage({ topic, epoch, seq, data }, raw) {
  if (!isTopic(topic) || !isCount(seq)) {
    unexpected('a "message" without a valid topic and seq', raw);
    return;
  }
  const subscription = push.subscriptions.get(topic);
  if (subscription) {
    subscription.received += 1;
    // A gap in one epoch (after a "dropped" notice, or positions the server could not catch up): ask for what
    // is missing, shown in seq order when it comes. Another epoch: the numbering restarted, say so.
    if (subscription.epoch === epoch && subscription.lastSeq !== null && seq > subscription.lastSeq + 1) {
      requestHistory(topic, subscription.epoch, subscription.lastSeq, seq - subscription.lastSeq - 1);
    } else if (typeof epoch === 'string' && subscription.epoch !== null && subscription.epoch !== epoch) {
      addEntry('info', `push: ${topic} is now numbered in epoch ${epoch} (from seq ${seq}); ` +
        `positions of epoch ${subscription.epoch} cannot be resumed`, { dataset: { ...SOURCE, topic, epoch } });
    }
    if (typeof epoch === 'string') subscription.epoch = epoch;
    subscription.lastSeq = seq;
  }
  countTopicMessage(topic);
  if (topic === CLOCK && data !== null && typeof data === 'object' && typeof data.time === 'string') {
    push.clock = { iso: data.time, seq };
  }
  const dataset = { ...SOURCE, topic, seq };
  gate.log(`message:${topic}`,
    () => addTextEntry('message', `push ${topic} seq\u00a0${seq}`, jsonText(data), dataset),
    { kind: 'message', label: `push ${topic}`, dataset: { ...SOURCE, topic }, seq, sample: () => jsonText(data) });
}

function onSubscribed({ topic, subscribers, epoch, seq, recovered, id }, raw) {
  push.requests.delete(id);
  if (!isTopic(topic) || !isCount(subscribers)) {
    unexpected('a "subscribed" without a valid topic and count', raw);
    return;
  }
  // Replies come in request order, so requests before this one that are still waiting lost
  // their reply: the server dropped it with other queued messages (see "dropped"). Subscribing
  // again is harmless — the server answers a repeated subscribe with "subscribed" again.
  const index = push.awaitingReply.indexOf(topic);
  const lost = index < 0 ? [] : push.awaitingReply.splice(0, index + 1).slice(0, index);
  const socket = openSocketOrNull();
  if (socket) lost.filter((t) => push.subscriptions.has(t)).forEach((t) => requestSubscribe(socket, t));

  const subscription = push.subscriptions.get(topic);
  if (subscription) {
    subscription.state = 'subscribed';
    subscription.subscribers = subscribers;
  }
  gate.log('subscribed',
    () => addEntry('subscribed', `push: subscribed to ${topic}, ${subscribers} subscriber(s)`,
      { dataset: { ...SOURCE, topic, subscribers } }),
    { kind: 'subscribed', label: 'push: subscribed replies', dataset: SOURCE, sample: () => topic });
  if (subscription) reportRecovery(topic, subscription, { epoch, seq, recovered });
}

/**
 * After a subscribe with the last position seen: the server replays what was missed (recovered), or says it no
 * longer holds it; either way the page now stands at the position the server gave.
 */
function reportRecovery(topic, subscription, { epoch, seq, recovered }) {
  const since = subscription.since;
  subscription.since = null;
  if (typeof epoch !== 'string' || !isCount(seq)) return;
  if (since !== null && recovered === true) {
    const missed = seq - since.seq;
    addEntry('recovered', missed === 0 ? `push: resumed ${topic} at seq ${seq}, nothing missed`
      : `push: recovered ${missed} missed message(s) on ${topic}`,
    { dataset: { ...SOURCE, topic, recovered: String(missed) } });
  } else if (since !== null) {
    const missed = epoch === since.epoch && seq > since.seq ? `${seq - since.seq} or more messages` : 'messages';
    addEntry('error', `push: ${topic}: ${missed} could not be recovered (the server no longer holds them)`,
      { dataset: { ...SOURCE, topic, recovered: 'false' } });
  }
  if (since === null || recovered !== true) {
    subscription.epoch = epoch;
    subscription.lastSeq = seq;
  }
}

/** The messages of a gap, in seq order, each logged as a message of its topic. */
function onHistory({ topic, recovered, messages }, raw) {
  if (!isTopic(topic) || !Array.isArray(messages)) {
    unexpected('a "history" without a valid topic and messages', raw);
    return;
  }
  addEntry(recovered ? 'recovered' : 'error', recovered
    ? `push: filled a gap of ${messages.length} message(s) on ${topic}`
    : `push: ${topic}: the gap could not be filled (the server no longer holds it)`,
    { dataset: { ...SOURCE, topic, recovered: recovered ? String(messages.length) : 'false' } });
  for (const message of messages) {
    if (message === null || typeof message !== 'object' || !isCount(message.seq)) continue;
    addTextEntry('message', `push ${topic} seq\u00a0${message.seq} (filled)`, jsonText(message.data),
      { ...SOURCE, topic, seq: message.seq });
  }
}

function onUnsubscribed({ topic }, raw) {
  if (!isTopic(topic)) {
    unexpected('an "unsubscribed" without a valid topic', raw);
    return;
  }
  gate.log('unsubscribed',
    () => addEntry('unsubscribed', `push: unsubscribed from ${topic}`, { dataset: { ...SOURCE, topic } }),
    { kind: 'unsubscribed', label: 'push: unsubscribed replies', dataset: SOURCE, sample: () => topic });
}

function onPresence({ topic, subscribers }, raw) {
  if (!isTopic(topic) || !isCount(subscribers)) {
    unexpected('a "presence" without a valid topic and count', raw);
    return;
  }
  const subscription = push.subscriptions.get(topic);
  if (subscription && subscription.state === 'subscribed') subscription.subscribers = subscribers;
  gate.log(`presence:${topic}`,
    () => addEntry('presence', `push: ${topic} has ${subscribers} subscriber(s)`,
      { dataset: { ...SOURCE, topic, subscribers } }),
    { kind: 'presence', label: `push: presence of ${topic}`, dataset: { ...SOURCE, topic },
      sample: () => `${subscribers} subscriber(s)` });
}

function onDropped({ count }, raw) {
  if (!isCount(count)) {
    unexpected('a "dropped" without a valid count', raw);
    return;
  }
  push.droppedTotal += count;
  gate.log('dropped',
    () => addEntry('dropped', `push: the server dropped ${count} message(s) queued for this page, ` +
      'the oldest first, because the page read too slowly', { dataset: { ...SOURCE, count } }),
    { kind: 'dropped', label: 'push: dropped notices', dataset: SOURCE, sample: () => `${count} dropped` });
}
