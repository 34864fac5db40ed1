// Echo & Push — the push panel's sign-in (D45). The form's BASIC credentials go, in a header and never in the URL,
// to GET /api/session (are they right?) and POST /api/session, which starts an HTTP session that keeps the user;
// then the password is dropped and the push socket opened again, in that session. Sign-out ends the session (the
// server closes a socket opened in it, 1008).

import { addEntry, listen, logError, onSubmit } from './log.js';
import { SOURCE, push, ui } from './push-core.js';
import { openSocket, toggleConnection } from './push-connection.js';
import { openStream } from './push-stream.js';
import { scheduleRender } from './push-view.js';

/** RFC 7617: user-id ":" password, UTF-8, base64 (btoa alone takes only Latin-1). */
function basic(user, password) {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

async function signIn() {
  const user = ui.user.value.trim();
  const authorization = basic(user, ui.password.value);
  ui.password.value = '';
  if (user === '' || user.includes(':')) {
    addEntry('error', 'sign in: enter a user name (without ":")', { dataset: SOURCE });
    return;
  }
  // First without cookies: a wrong password then answers 401 to the page, and the browser shows no login dialog
  // of its own (it does for a request that carries credentials). Then the session.
  const checked = await call('api/session', { method: 'GET', headers: { Authorization: authorization },
    credentials: 'omit' });
  if (!said(checked, user)) return;
  const started = await call('api/session', { method: 'POST', headers: { Authorization: authorization } });
  if (!said(started, user)) return;
  push.signedInAs = user;
  addEntry('info', `sign in: signed in as ${user}; opening the push socket again`,
    { dataset: { ...SOURCE, signedIn: user } });
  reconnect('signed in');
}

/** True if the answer is a success; else says why not. */
function said(response, user) {
  if (response === null) return false;
  if (!response.ok) {
    addEntry('error', response.status === 401 ? 'sign in: wrong user or password (401)'
      : response.status === 403 ? `sign in: ${user} lacks the role publisher, which signing in here needs (403)`
        : `sign in: the server answered ${response.status}`, { dataset: { ...SOURCE, status: response.status } });
  }
  return response.ok;
}

async function signOut() {
  const identity = push.identity; // now: the server's close may come before the answer, and resets it
  const signedIn = Boolean(identity?.user);
  push.signingOut = signedIn;     // so that the 1008 is told as the sign-out
  const ended = await call('api/session', { method: 'DELETE' });
  push.signedInAs = null;
  if (ended === null || (!ended.ok && ended.status !== 404)) {
    push.signingOut = false;
    if (ended !== null) addEntry('error', `sign out: the server answered ${ended.status}`, { dataset: SOURCE });
  } else if (signedIn && ended.ok) {
    // the server closes the socket with its session (1008), and the page reconnects
    addEntry('info', 'sign out: signed out; the server closes the socket opened in that session (1008)',
      { dataset: { ...SOURCE, signedOut: 'true' } });
  } else {
    addEntry('info', 'sign out: signed out', { dataset: { ...SOURCE, signedOut: 'true' } });
  }
  scheduleRender();
}

/** fetch, or null (logged) if the server could not be reached. */
async function call(url, init) {
  try {
    return await fetch(url, { cache: 'no-store', credentials: 'same-origin', ...init });
  } catch (err) {
    addEntry('error', `${init.method} ${url}: the server could not be reached: ${err.message}`, { dataset: SOURCE });
    return null;
  }
}

/** Closes the push socket and opens another at once (it keeps connecting if it was not). */
function reconnect(why) {
  if (!push.wantConnected) {
    toggleConnection(); // Connect, on the transport the switch says
    return;
  }
  if (push.transport === 'sse') {
    openStream(); // reopened, the stream carries the session's cookie
    return;
  }
  const socket = push.socket;
  if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000, why);
  for (const subscription of push.subscriptions.values()) {
    subscription.state = 'waiting';
    subscription.subscribers = null;
  }
  push.attempt = 0;
  openSocket();
  scheduleRender();
}

/** Runs an async handler; what it throws is a bug of the page, logged as the guard in log.js does. */
const caught = (task) => task().catch((err) => logError(`${err.name}: ${err.message}`,
  { source: 'page', scriptError: true }));

onSubmit(ui.signInForm, () => caught(signIn));
listen(ui.signOut, 'click', () => caught(signOut));
