// Echo & Push — who the server takes the push socket for, as it answers "whoami" on each connection (D45): the
// user and the roles the topic rules name. The page shows that answer, never what it believes it signed in as.

import { setData, setText } from './dom.js';
import { addEntry, addTextEntry } from './log.js';
import { SOURCE, push, settle, ui } from './push-core.js';

const PSEUDO_ROLES = new Set(['anonymous', 'authenticated']); // every client has the first, every user the second

export function onIdentity({ user, roles, id }, raw) {
  push.requests.delete(id);
  if (!(user === null || typeof user === 'string') || !Array.isArray(roles)
    || !roles.every((role) => typeof role === 'string')) {
    addTextEntry('error', 'push: the server sent an "identity" without a valid user and roles', raw, SOURCE);
    settle();
    return;
  }
  push.identity = { user, roles: roles.filter((role) => !PSEUDO_ROLES.has(role)) };
  addEntry('info', `push #${push.connectionId}: the server takes this socket for ${describe(push.identity)}`,
    { dataset: { ...SOURCE, identity: user === null ? 'anonymous' : 'user' } });
  if (user === null && push.signedInAs !== null) {
    addEntry('info', `push: signed in as ${push.signedInAs}, yet this socket is anonymous: the session has ended ` +
      '(sign in again)', { dataset: SOURCE });
  }
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

function describe({ user, roles }) {
  if (user === null) return 'anonymous';
  const what = roles.length === 0 ? 'no roles the rules name' : `roles: ${roles.join(', ')}`;
  return `${user} (${what})`;
}
