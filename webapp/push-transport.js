// Echo & Push — the push panel's transport switch: WebSocket, Server-Sent Events, or automatic (the WebSocket,
// else SSE when the upgrade fails, as behind a proxy that passes only plain HTTP). Chosen before Connect; the
// panel says what is in use and why, and that the publish box needs the WebSocket.

import { byId, setData, setText } from './dom.js';
import { addEntry, listen } from './log.js';
import { endpointUrl } from './text.js';
import { SOURCE, push, ui } from './push-core.js';

const choiceGroup = byId('push-transport-choice');
const status = byId('push-transport');
const publishNote = byId('push-publish-note');
const CHOICES = { auto: 'automatic', websocket: 'WebSocket', sse: 'SSE' };
const NAMES = { websocket: 'WebSocket', sse: 'SSE' };

listen(choiceGroup, 'change', (event) => {
  const choice = event.target.value;
  if (!Object.hasOwn(CHOICES, choice)) return;
  push.choice = choice;
  addEntry('info', `push: transport for the next Connect: ${CHOICES[choice]}`, { dataset: { ...SOURCE, choice } });
  renderTransport();
});

export function renderTransport() {
  // A connection keeps its transport: switching means Disconnect, choose, Connect.
  if (choiceGroup.disabled !== push.wantConnected) choiceGroup.disabled = push.wantConnected;
  let text;
  if (push.transport === null) {
    text = `transport: not connected (${CHOICES[push.choice]})`;
  } else if (push.transport === 'sse' && push.transportNote !== null) {
    text = `transport: SSE (${push.transportNote})`;
  } else {
    text = `transport: ${NAMES[push.transport]}${push.choice === 'auto' ? ' (automatic)' : ''}`;
  }
  setText(status, text);
  setText(ui.url, push.transport === 'sse' ? new URL('events', location.href).href : endpointUrl('push'));
  setData(status, 'transport', push.transport ?? 'none');
  publishNote.hidden = push.transport !== 'sse';
}
