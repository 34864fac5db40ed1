// Echo & Push — an error from the server answers one of our requests: it is matched by the request's id, logged
// with its reason, and a refused subscribe leaves the list (the page never shows a topic it was refused).

import { textSpan } from './dom.js';
import { addEntry } from './log.js';
import { SOURCE, push, settle } from './push-core.js';

const FORBIDDEN = 'forbidden';
const VERBS = { subscribe: 'subscribe to', publish: 'publish to', history: 'read the history of' };

/**
 * Every request the page sends carries an id, which the server puts on its error. Without an id (an error about
 * a message the server could not read), an error is the oldest waiting subscribe's, if any: the server
 * answers a connection's requests in order. A refused topic leaves the list, or every reconnect would ask again.
 */
export function onErrorReply({ reason, id }, raw) {
  const text = typeof reason === 'string' ? reason : raw;
  push.lastError = text;
  const request = push.requests.get(id);
  push.requests.delete(id);
  const topic = request !== undefined ? request.topic : id === undefined ? push.awaitingReply[0] : undefined;
  const subscribe = request === undefined ? topic !== undefined : request.type === 'subscribe';
  if (subscribe) {
    const waiting = push.awaitingReply.indexOf(topic);
    if (waiting >= 0) push.awaitingReply.splice(waiting, 1);
    if (push.subscriptions.get(topic)?.state === 'requested') push.subscriptions.delete(topic);
  }
  const action = subscribe ? 'subscribe' : request?.type;
  if (action === 'whoami') settle(); // a server without whoami: go on as before, without showing who
  const what = subscribe ? `the subscription to ${topic}`
    : VERBS[action] && topic !== undefined ? `the ${action} to ${topic}`
      : 'a request';
  const li = addEntry('error', `push: the server refused ${what}:`, {
    dataset: { ...SOURCE, reply: 'error', ...(action ? { action } : {}), ...(topic === undefined ? {} : { topic }) },
  });
  li.append(' ', textSpan('reason', text));
  if (text === FORBIDDEN && VERBS[action]) {
    const who = push.identity === null ? 'this socket' : push.identity.user ?? 'anonymous';
    li.append(' — ', textSpan('note', `the topic rules do not let ${who} ${VERBS[action]} ${topic}` +
      (push.identity?.user ? '' : ' (sign in, if your user may)')));
  }
}
