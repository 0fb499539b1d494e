// The demo page: a browser client that holds tokens the way README recommends.
// The access token lives in `session.token` only (memory); the refresh token in an HttpOnly cookie that
// this script cannot read; refresh and logout echo the readable CSRF cookie in X-CSRF-Token.

const CSRF_COOKIES = ['__Host-jwt-demo-csrf', 'jwt-demo-csrf'];
const MAX_RESULTS = 40;
const REASONS = {
  200: 'OK', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 413: 'Content Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests',
  500: 'Internal Server Error', 503: 'Service Unavailable'
};
const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf']);

const session = {token: null, exp: 0, timer: 0};
let sequence = 0;

const byId = (id) => document.getElementById(id);

function csrfToken() {
  const cookies = document.cookie ? document.cookie.split('; ') : [];
  for (const name of CSRF_COOKIES) {
    const cookie = cookies.find((c) => c.startsWith(name + '='));
    if (cookie) {
      return cookie.slice(name.length + 1);
    }
  }
  return '';
}

/** base64url to JSON, for display only. */
function decodePart(part) {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function decode(token) {
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw new Error('not a JWS compact serialization');
  }
  return {header: decodePart(parts[0]), claims: decodePart(parts[1])};
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
  children.forEach((child) => node.append(child));
  return node;
}

function shortToken(token) {
  return token.length > 24 ? `${token.slice(0, 16)}… (${token.length} characters, kept in memory)` : token;
}

function bodyText(result) {
  if (result.json === null) {
    return result.text || '(empty body)';
  }
  const shown = {...result.json};
  if (typeof shown.access_token === 'string') {
    shown.access_token = shortToken(shown.access_token);
  }
  return JSON.stringify(shown, null, 2);
}

function timeLeft(seconds) {
  if (seconds <= 0) {
    return 'expired';
  }
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

// ---- HTTP -------------------------------------------------------------------------------------------

// The page's files live in app/; the endpoints at the application's root, one level up, wherever it is deployed.
const ENDPOINTS = new URL('../', document.baseURI);

async function send(method, path, {token = null, headers = {}, body} = {}) {
  const sent = {...headers};
  if (token) {
    sent.Authorization = `Bearer ${token}`;
  }
  if (body !== undefined) {
    sent['Content-Type'] = 'application/json';
  }
  const response = await fetch(new URL(path, ENDPOINTS), {
    method, headers: sent, credentials: 'same-origin', cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return {
    request: `${method} /${path}`, status: response.status, text, json,
    wwwAuthenticate: response.headers.get('WWW-Authenticate')
  };
}

// ---- Answers ----------------------------------------------------------------------------------------

function show(result, note) {
  sequence += 1;
  const reason = REASONS[result.status] || '';
  const item = element('li', {
    class: `result status-${String(result.status)[0]}xx`, 'data-seq': String(sequence),
    'data-request': result.request, 'data-status': String(result.status)
  });
  item.append(element('h3', {},
    element('span', {class: 'request'}, result.request), ' ',
    element('span', {class: 'status'}, `${result.status} ${reason}`.trim())));
  if (note) {
    item.append(element('p', {class: 'note'}, note));
  }
  const details = element('dl', {class: 'headers'},
    element('dt', {}, 'WWW-Authenticate'),
    element('dd', {class: 'www-authenticate'}, result.wwwAuthenticate || '(none)'));
  item.append(details, element('pre', {class: 'body code'}, bodyText(result)));
  const list = byId('results');
  list.prepend(item);
  while (list.children.length > MAX_RESULTS) {
    list.lastElementChild.remove();
  }
  byId('no-results').hidden = true;
}

// ---- Token and session view -------------------------------------------------------------------------

function claimValue(name, value) {
  if (TIME_CLAIMS.has(name) && typeof value === 'number') {
    return `${value} (${new Date(value * 1000).toLocaleTimeString()})`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function renderToken(token) {
  const {header, claims} = decode(token);
  byId('token-header').textContent = JSON.stringify(header, null, 2);
  const rows = byId('token-claims').tBodies[0];
  rows.replaceChildren(...Object.entries(claims).map(([name, value]) =>
    element('tr', {'data-claim': name}, element('th', {scope: 'row'}, name), element('td', {}, claimValue(name, value)))));
  const roles = Array.isArray(claims.groups) ? claims.groups : [];
  byId('token-roles').replaceChildren(...(roles.length ? roles.map((role) => element('li', {class: 'role'}, role))
    : [element('li', {class: 'muted'}, '(none)')]));
  byId('token-raw').textContent = token;
  byId('who').textContent = claims.upn || claims.preferred_username || claims.sub || '?';
  byId('token-view').hidden = false;
  byId('token-encoded').hidden = false;
  byId('no-token').hidden = true;
  return claims;
}

function tick() {
  const left = session.exp - Math.floor(Date.now() / 1000);
  const countdown = byId('countdown');
  countdown.textContent = timeLeft(left);
  countdown.classList.toggle('expired', left <= 0);
}

function useToken(token) {
  session.token = token;
  const claims = renderToken(token);
  session.exp = typeof claims.exp === 'number' ? claims.exp : 0;
  const countdown = byId('countdown');
  countdown.dataset.exp = String(session.exp);
  byId('expires-at').textContent = session.exp ? `(at ${new Date(session.exp * 1000).toLocaleTimeString()})` : '';
  tick();
  clearInterval(session.timer);
  session.timer = setInterval(tick, 1000);
}

function showSession() {
  byId('login-card').hidden = true;
  byId('session-card').hidden = false;
}

function signedIn(token) {
  useToken(token);
  showSession();
  byId('session-title').focus();
}

function signedOut() {
  session.token = null;
  session.exp = 0;
  clearInterval(session.timer);
  byId('session-card').hidden = true;
  byId('login-card').hidden = false;
  byId('token-view').hidden = true;
  byId('token-encoded').hidden = true;
  byId('no-token').hidden = false;
  byId('countdown').textContent = '--:--';
  delete byId('countdown').dataset.exp;
  byId('username').focus();
}

// ---- Actions ----------------------------------------------------------------------------------------

async function login(event) {
  event.preventDefault();
  const error = byId('login-error');
  error.textContent = '';
  const username = byId('username').value.trim();
  const password = byId('password').value;
  const result = await send('POST', 'auth/login',
    {headers: {'X-Refresh-Cookie': '1'}, body: {username, password}});
  byId('password').value = '';
  show(result, 'Sent the credentials with X-Refresh-Cookie: 1, so the refresh token came back as an HttpOnly cookie, not in the body.');
  if (result.status === 200 && result.json && typeof result.json.access_token === 'string') {
    signedIn(result.json.access_token);
  } else {
    error.textContent = (result.json && result.json.error_description) || `Sign-in failed (${result.status})`;
    byId('password').focus();
  }
}

/** @return whether a new access token is now in memory */
async function refresh(note) {
  const result = await send('POST', 'auth/refresh', {headers: {'X-CSRF-Token': csrfToken()}, body: {}});
  show(result, note || 'The browser attached the refresh cookie; the page added X-CSRF-Token from the CSRF cookie.');
  if (result.status === 200 && result.json && typeof result.json.access_token === 'string') {
    useToken(result.json.access_token);
    showSession();
    return true;
  }
  if (result.status === 400) {
    signedOut(); // the refresh token is dead: only a new sign-in helps
  }
  return false;
}

async function callApi(path, note) {
  const token = session.token;
  const result = await send('GET', path, {token});
  show(result, note || (token ? 'Sent Authorization: Bearer with the in-memory token.' : 'Sent without a token.'));
  const refused = result.status === 401 && /error="invalid_token"/.test(result.wwwAuthenticate || '');
  if (token && refused && await refresh('The token was refused (401 invalid_token): refreshing once, with the cookie and X-CSRF-Token.')) {
    show(await send('GET', path, {token: session.token}), 'Retried once with the new access token.');
  }
}

async function showExpiredToken() {
  const result = await send('POST', 'demo/expired-token', {token: session.token});
  show(result, 'Step 1: the demo signed a copy of the token whose exp is already past (POST /demo/expired-token, demo only).');
  if (result.status !== 200 || !result.json || typeof result.json.access_token !== 'string') {
    return;
  }
  useToken(result.json.access_token);
  await callApi('api/me', 'Step 2: GET /api/me with the expired token; the filter answers 401, then the page refreshes and retries.');
}

async function logout() {
  const result = await send('POST', 'auth/logout',
    {token: session.token, headers: {'X-CSRF-Token': csrfToken()}, body: {}});
  show(result, 'Sent the refresh cookie, X-CSRF-Token and the access token: both are revoked and the cookies deleted.');
  signedOut();
}

/**
 * Runs one action at a time: the buttons are disabled meanwhile, so a second click cannot interleave.
 * A disabled button loses the keyboard focus, so it is given back afterwards unless the action moved it.
 */
function guarded(action) {
  return async (event) => {
    const focused = document.activeElement;
    const buttons = document.querySelectorAll('main button');
    buttons.forEach((button) => { button.disabled = true; });
    document.body.setAttribute('aria-busy', 'true');
    try {
      await action(event);
    } catch (error) {
      show({request: 'network', status: 0, text: String(error), json: null, wwwAuthenticate: null}, 'The request did not complete.');
    } finally {
      buttons.forEach((button) => { button.disabled = false; });
      document.body.removeAttribute('aria-busy');
      const lost = document.activeElement === null || document.activeElement === document.body;
      if (lost && focused instanceof HTMLElement && focused.offsetParent !== null) {
        focused.focus();
      }
    }
  };
}

function fill(event) {
  byId('username').value = event.currentTarget.dataset.user;
  byId('password').value = event.currentTarget.dataset.password;
  byId('login-button').focus();
}

byId('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  guarded(login)(event);
});
document.querySelectorAll('button.fill').forEach((button) => button.addEventListener('click', fill));
byId('refresh-button').addEventListener('click', guarded(() => refresh()));
byId('logout-button').addEventListener('click', guarded(logout));
byId('expired-button').addEventListener('click', guarded(showExpiredToken));
document.querySelectorAll('button[data-path]').forEach((button) =>
  button.addEventListener('click', guarded(() => callApi(button.dataset.path))));
byId('clear-results').addEventListener('click', () => {
  byId('results').replaceChildren();
  byId('no-results').hidden = false;
});
// A reload forgets the access token, but not the refresh cookie: the CSRF cookie beside it says there may be one.
if (csrfToken()) {
  guarded(() => refresh('The page was loaded with a refresh cookie: a new access token, without signing in again.'))();
}
document.body.dataset.ready = 'true';
