// Echo & Push — who the server takes the push socket for, as it answers "whoami" on each connection (D45): the
// user and the roles the topic rules name. The page shows that answer, never what it believes it signed in as.
// A socket the HTTP session did not carry a user into presents the sign-in's token first, if the page has one.

import { setData, setText } from './dom.js';
import { addEntry, addTextEntry } from './log.js';
import { SOURCE, askIdentity, openSocketOrNull, push, sendRequest, settle, ui } from './push-core.js';

const PSEUDO_ROLES = new Set(['anonymous', 'authenticated']); // every client has the first, every user the second

export function onIdentity({ user, roles, token, id }, raw) {
  push.requests.delete(id);
  if (!(user === null || typeof user === 'string') || !Array.isArray(roles)
    || !roles.every((role) => typeof role === 'string')) {
    addTextEntry('error', 'push: the server sent an "identity" without a valid user and roles', raw, SOURCE);
    settle();
    return;
  }
  push.identity = { user, roles: roles.filter((role) => !PSEUDO_ROLES.has(role)), token: token === true };
  addEntry('info', `push #${push.connectionId}: the server takes this socket for ${describe(push.identity)}`,
    { dataset: { ...SOURCE, identity: user === null ? 'anonymous' : 'user' } });
  if (user === null && !push.settled && presentToken()) return;
  if (user === null && push.signedInAs !== null) {
    addEntry('info', `push: signed in as ${push.signedInAs}, yet this socket is anonymous: this server did not ` +
      'carry the sign-in to it, and the page has no token (tokens are off on this server)', { dataset: SOURCE });
  }
  settle();
}

/** Sends the sign-in's token, if it has one that has not expired; true if it did. */
function presentToken() {
  const socket = openSocketOrNull();
  if (push.token !== null && push.token.exp * 1000 <= Date.now()) {
    push.token = null;
    addEntry('info', 'push: the sign-in\'s token has expired; sign in again for the user\'s rights',
      { dataset: SOURCE });
  }
  if (push.token === null || !socket) return false;
  sendRequest(socket, { type: 'auth', token: push.token.token });
  addEntry('sent', `push #${push.connectionId}: present the sign-in's token (not shown: it is a credential)`,
    { dataset: { ...SOURCE, request: 'auth' } });
  return true;
}

/** The token was accepted: ask again, so that the page shows the roles the server now sees. */
export function onAuthed({ sub, id }) {
  push.requests.delete(id);
  addEntry('info', `push #${push.connectionId}: the server accepted the token of ${sub}`, { dataset: SOURCE });
  const socket = openSocketOrNull();
  if (socket) askIdentity(socket);
}

/** The token was refused (expired, or the server's key changed): forget it and go on as anonymous. */
export function onTokenRefused() {
  push.token = null;
  settle();
}

export function renderIdentity() {
  const identity = push.identity;
  setText(ui.identity, identity === null ? '—' : describe(identity));
  setData(ui.identity, 'identity', identity === null ? 'unknown' : identity.user === null ? 'anonymous' : 'user');
  setData(ui.identity, 'user', identity?.user ?? '');
  // After a reload the page has forgotten its sign-in, but a socket opened in that session still names its user.
  ui.signOut.disabled = push.signedInAs === null && !identity?.user;
}

function describe({ user, roles, token }) {
  if (user === null) return 'anonymous';
  const what = roles.length === 0 ? 'no roles the rules name' : `roles: ${roles.join(', ')}`;
  return `${user} (${what}${token ? '; by token' : ''})`;
}
