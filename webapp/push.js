// Echo & Push — the push panel: what its buttons do (subscribe, unsubscribe, publish) and the wiring. The
// connection is push-connection.js, the server's messages push-messages.js, the drawing push-view.js.

import { setText } from './dom.js';
import { addEntry, addTextEntry, listen, onSubmit } from './log.js';
import { endpointUrl, utf8Length } from './text.js';
import {
  CLOCK, SERVER_ONLY_TOPICS, SOURCE, jsonText, openSocketOrNull, push, requestSubscribe, send, sendRequest,
  topicProblem, ui,
} from './push-core.js';
import { toggleConnection } from './push-connection.js';
import { openStream } from './push-stream.js';
import './push-signin.js';
import { render, scheduleRender } from './push-view.js';

function topicFromField(field, action) {
  const topic = field.value.trim();
  const problem = topicProblem(topic);
  if (problem) {
    addEntry('error', `push: cannot ${action}: ${problem}`, { dataset: SOURCE });
    return null;
  }
  return topic;
}

function subscribe(topic) {
  if (topic === null) return;
  const existing = push.subscriptions.get(topic);
  if (existing) {
    addEntry('info', `push: already subscribed to ${topic} (${existing.state})`, { dataset: SOURCE });
    return;
  }
  push.subscriptions.set(topic,
    { state: 'waiting', subscribers: null, epoch: null, lastSeq: null, since: null, received: 0 });
  if (onStream(`subscribe to ${topic}`)) return;
  const socket = push.settled ? openSocketOrNull() : null; // else it goes out once the socket has its rights
  if (socket) {
    addTextEntry('sent', `push: subscribe to ${topic}`, requestSubscribe(socket, topic), { ...SOURCE, topic });
  } else {
    addEntry('info', `push: will subscribe to ${topic} once connected` +
      (openSocketOrNull() ? ' and the server has said who this socket is' : ''), { dataset: { ...SOURCE, topic } });
  }
  scheduleRender();
}

/** On SSE a stream names its topics: a change of topics reopens it, from the positions seen (push-stream.js). */
function onStream(change) {
  if (push.transport !== 'sse' || !push.wantConnected) return false;
  addEntry('info', `push: ${change}: the SSE stream reopens with the new set of topics`, { dataset: SOURCE });
  openStream();
  return true;
}

function unsubscribe(topic) {
  if (!push.subscriptions.delete(topic)) return; // a second click before the list was redrawn
  if (onStream(`unsubscribe from ${topic}`)) return;
  const socket = openSocketOrNull();
  if (socket) {
    addTextEntry('sent', `push: unsubscribe from ${topic}`, send(socket, { type: 'unsubscribe', topic }),
      { ...SOURCE, topic });
  } else {
    addEntry('info', `push: removed ${topic}; it will not be subscribed on connect`, { dataset: SOURCE });
  }
  scheduleRender();
}

function publish() {
  const topic = topicFromField(ui.publishTopic, 'publish');
  if (topic === null) return;
  if (SERVER_ONLY_TOPICS.has(topic)) {
    addEntry('error', `push: cannot publish to "${topic}": only the server publishes there; subscribe to it instead`,
      { dataset: SOURCE });
    return;
  }
  let data;
  try {
    data = JSON.parse(ui.data.value);
  } catch (err) {
    addEntry('error', `push: cannot publish, the data is not valid JSON: ${err.message}`, { dataset: SOURCE });
    return;
  }
  const socket = openSocketOrNull();
  if (!socket) {
    addEntry('error', push.transport === 'sse' ? 'push: cannot publish over SSE, which only receives: publishing '
      + 'needs the WebSocket (/push)' : 'push: cannot publish: not connected', { dataset: SOURCE });
    return;
  }
  // Sent as the browser parsed it, not as typed: JSON.parse has already kept only the last of
  // duplicate keys (which the server would refuse) and read numbers as doubles. The log shows
  // the data exactly as it went out.
  const text = sendRequest(socket, { type: 'publish', topic, data });
  addTextEntry('sent', `push: publish to ${topic}, ${utf8Length(text)} bytes`, jsonText(data), { ...SOURCE, topic });
  scheduleRender();
}

setText(ui.url, endpointUrl('push'));
listen(ui.connect, 'click', toggleConnection);
onSubmit(ui.topicForm, () => subscribe(topicFromField(ui.topic, 'subscribe')));
listen(ui.subscribeClock, 'click', () => subscribe(CLOCK));
// One listener for every item's Unsubscribe button, present and future.
listen(ui.subscriptions, 'click', (event) => {
  const button = event.target.closest('button[data-unsubscribe]');
  if (button) unsubscribe(button.dataset.unsubscribe);
});
onSubmit(ui.publishForm, publish);
// Enter in the textarea is a new line; Ctrl+Enter (⌘+Enter) publishes.
listen(ui.data, 'keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    publish();
  }
});
render();
