// The demo page: a browser client that holds tokens the way README recommends.
// The access token lives in `session.token` only (memory); the refresh token in an HttpOnly cookie that
// this script cannot read; refresh and logout echo the readable CSRF cookie in X-CSRF-Token.
// Each sign-in makes a non-extractable DPoP key (dpop.js): login and refresh send a proof of it, so the server
// binds the tokens to it (cnf.jkt, token_type DPoP), and every call with the token sends a fresh proof.

import {DPoPKey, dpopSupported} from './dpop.js';

const CSRF_COOKIES = ['__Host-jwt-demo-csrf', 'jwt-demo-csrf'];
const MAX_RESULTS = 40;
const REASONS = {
  200: 'OK', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 413: 'Content Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests',
  500: 'Internal Server Error', 503: 'Service Unavailable'
};
const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time']);
const STEP_UP_PATH = 'api/admin/keys';

const session = {token: null, type: 'Bearer', exp: 0, timer: 0};
// The DPoP key of this session (null: none, or no WebCrypto here), the server's latest DPoP-Nonce, the last proof.
const dpop = {key: null, nonce: null};
// The call a step-up (RFC 9470) interrupted, to repeat after the new sign-in, and the acr_values it asked for.
const stepUp = {path: null, acrValues: null};
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

/**
 * One request. A token of type DPoP goes as `Authorization: DPoP` with a proof whose ath hashes it; `prove` adds a
 * proof without a token (login, refresh). Each proof is signed for this one request and shown beside the token.
 */
async function sendOnce(method, path, {token = null, type = 'Bearer', prove = false, headers = {}, body} = {}) {
  const url = new URL(path, ENDPOINTS);
  const request = `${method} /${path}`;
  const sent = {...headers};
  const bound = Boolean(token) && type === 'DPoP';
  let proof = null;
  if ((bound || prove) && dpop.key) {
    proof = await dpop.key.proof(method, url, {accessToken: bound ? token : null, nonce: dpop.nonce});
    sent.DPoP = proof.jwt;
    renderProof(proof, request);
  }
  if (token) {
    sent.Authorization = `${bound ? 'DPoP' : 'Bearer'} ${token}`;
  }
  if (body !== undefined) {
    sent['Content-Type'] = 'application/json';
  }
  const response = await fetch(url, {
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
  const nonce = response.headers.get('DPoP-Nonce');
  if (nonce) {
    dpop.nonce = nonce; // the newest one the server handed out (RFC 9449 section 8.2)
  }
  return {
    request, status: response.status, text, json, proof, nonce,
    wwwAuthenticate: response.headers.get('WWW-Authenticate')
  };
}

/** A resource's 401 use_dpop_nonce (section 9), or a token endpoint's 400 use_dpop_nonce (section 8), with a nonce. */
function nonceRequested(result) {
  const fromResource = result.status === 401 && /error="use_dpop_nonce"/.test(result.wwwAuthenticate || '');
  const fromTokenEndpoint = result.status === 400 && result.json !== null && result.json.error === 'use_dpop_nonce';
  return result.proof !== null && Boolean(result.nonce) && (fromResource || fromTokenEndpoint);
}

/** One request; when the server asks for a DPoP nonce, shows that answer and retries once with a proof carrying it. */
async function send(method, path, options = {}) {
  const result = await sendOnce(method, path, options);
  if (!nonceRequested(result)) {
    return result;
  }
  show(result, 'The server wants a DPoP nonce (use_dpop_nonce): signing a new proof with the DPoP-Nonce it sent, and retrying once.');
  return sendOnce(method, path, options);
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
  if (result.proof) {
    details.append(element('dt', {}, 'DPoP proof sent'),
      element('dd', {class: 'proof-jti'}, `jti ${result.proof.claims.jti}${result.proof.claims.ath ? ', with ath' : ''}`));
  }
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

function claimRows(table, claims) {
  table.tBodies[0].replaceChildren(...Object.entries(claims).map(([name, value]) =>
    element('tr', {'data-claim': name}, element('th', {scope: 'row'}, name), element('td', {}, claimValue(name, value)))));
}

/** Whether the token in memory is bound to this session's DPoP key: its cnf.jkt is the key's thumbprint. */
function keyMatch() {
  const match = byId('jkt-match');
  const jkt = session.token ? (decode(session.token).claims.cnf || {}).jkt : undefined;
  if (!dpop.key) {
    match.textContent = '';
  } else if (jkt === dpop.key.thumbprint) {
    match.textContent = 'equal to the access token\'s cnf.jkt: the token is bound to this key.';
  } else {
    match.textContent = jkt ? 'NOT the access token\'s cnf.jkt.' : 'The access token has no cnf.jkt: it is a bearer token.';
  }
}

function renderProof(proof, request) {
  byId('proof-request').textContent = request;
  byId('proof-header').textContent = JSON.stringify(proof.header, null, 2);
  claimRows(byId('proof-claims'), proof.claims);
  byId('proof-raw').textContent = proof.jwt;
  byId('dpop-thumbprint').textContent = dpop.key.thumbprint;
  keyMatch();
  byId('proof-view').hidden = false;
  byId('no-proof').hidden = true;
}

function renderToken(token) {
  const {header, claims} = decode(token);
  byId('token-header').textContent = JSON.stringify(header, null, 2);
  claimRows(byId('token-claims'), claims);
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

function useToken(token, type) {
  session.token = token;
  session.type = type === 'DPoP' ? 'DPoP' : 'Bearer';
  byId('token-type').textContent = session.type;
  const claims = renderToken(token);
  keyMatch();
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

function signedIn(token, type) {
  useToken(token, type);
  showSession();
  byId('session-title').focus();
}

/** Deletes the session's DPoP key, in memory and stored: nothing can sign for the ended session. */
function forgetKey() {
  dpop.key = null;
  dpop.nonce = null;
  byId('proof-view').hidden = true;
  byId('no-proof').hidden = false;
  if (dpopSupported()) {
    DPoPKey.forget().catch(() => {});
  }
}

function signedOut() {
  hideStepUp();
  forgetKey();
  session.token = null;
  session.type = 'Bearer';
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
  await newKey();
  const result = await send('POST', 'auth/login',
    {prove: true, headers: {'X-Refresh-Cookie': '1'}, body: {username, password}});
  byId('password').value = '';
  show(result, 'Sent the credentials with X-Refresh-Cookie: 1, so the refresh token came back as an HttpOnly cookie, not in the body.'
    + (result.proof ? ' A DPoP proof of a new, non-extractable ES256 key went with them: the tokens are bound to that key.'
      : ' This browser cannot make a DPoP key here (WebCrypto needs https or localhost): a bearer token.'));
  if (result.status === 200 && result.json && typeof result.json.access_token === 'string') {
    signedIn(result.json.access_token, result.json.token_type);
  } else {
    error.textContent = (result.json && result.json.error_description) || `Sign-in failed (${result.status})`;
    byId('password').focus();
  }
}

/** @return whether a new access token is now in memory */
async function refresh(note) {
  const result = await send('POST', 'auth/refresh', {prove: true, headers: {'X-CSRF-Token': csrfToken()}, body: {}});
  show(result, note || 'The browser attached the refresh cookie; the page added X-CSRF-Token from the CSRF cookie'
    + (result.proof ? ' and a DPoP proof of the key the refresh token is bound to.' : '.'));
  if (result.status === 200 && result.json && typeof result.json.access_token === 'string') {
    useToken(result.json.access_token, result.json.token_type);
    showSession();
    return true;
  }
  if (result.status === 400) {
    signedOut(); // the refresh token is dead: only a new sign-in helps
  }
  return false;
}

/** How a call with the token in memory was sent, for the answer's note. */
function sentWith(token) {
  if (!token) {
    return 'Sent without a token.';
  }
  return session.type === 'DPoP'
    ? 'Sent Authorization: DPoP with the in-memory token and a DPoP proof signed for this one request (htm, htu, ath).'
    : 'Sent Authorization: Bearer with the in-memory token.';
}

/** @return the last answer: the call's, or its retry's after a refresh */
async function callApi(path, note) {
  const token = session.token;
  const result = await send('GET', path, {token, type: session.type});
  show(result, note || sentWith(token));
  const refused = result.status === 401 && /error="invalid_token"/.test(result.wwwAuthenticate || '');
  if (token && refused && await refresh('The token was refused (401 invalid_token): refreshing once, with the cookie and X-CSRF-Token.')) {
    const retried = await send('GET', path, {token: session.token, type: session.type});
    show(retried, 'Retried once with the new access token.');
    return retried;
  }
  return result;
}

// ---- Step-up (RFC 9470) -----------------------------------------------------------------------------

/** A challenge parameter of the answer's WWW-Authenticate (quoted or not), or null. */
function challengeParameter(result, name) {
  const match = new RegExp(`(?:^|[\\s,])${name}=(?:"([^"]*)"|([^\\s,]*))`).exec(result.wwwAuthenticate || '');
  return match ? (match[1] ?? match[2]) : null;
}

function stepUpRequested(result) {
  return result.status === 401 && /error="insufficient_user_authentication"/.test(result.wwwAuthenticate || '');
}

/** Calls the resource that needs a recent sign-in; when it asks for one, asks for the password again. */
async function callStepUpResource() {
  hideStepUp();
  const result = await callApi(STEP_UP_PATH);
  if (!session.token || !stepUpRequested(result)) {
    return;
  }
  const maxAge = challengeParameter(result, 'max_age');
  stepUp.path = STEP_UP_PATH;
  stepUp.acrValues = challengeParameter(result, 'acr_values');
  const claims = decode(session.token).claims;
  byId('step-up-user').textContent = claims.upn || claims.sub || '?';
  byId('step-up-why').textContent = 'The server wants a more recent sign-in'
    + (maxAge !== null ? ` (within ${maxAge} seconds, max_age=${maxAge})` : '')
    + (stepUp.acrValues ? ` of the kind ${stepUp.acrValues}` : '')
    + ': a refresh cannot give one, it keeps the old auth_time. Enter the password again.';
  byId('step-up-form').hidden = false;
  byId('step-up-password').focus();
}

function hideStepUp() {
  stepUp.path = null;
  stepUp.acrValues = null;
  byId('step-up-form').hidden = true;
  byId('step-up-password').value = '';
  byId('step-up-error').textContent = '';
}

/** Signs in again with max_age=0 (and the acr_values asked for), with the session's DPoP key; then repeats the call. */
async function stepUpLogin() {
  const path = stepUp.path;
  const claims = decode(session.token).claims;
  const body = {username: claims.upn || claims.sub, password: byId('step-up-password').value, max_age: '0'};
  if (stepUp.acrValues) {
    body.acr_values = stepUp.acrValues;
  }
  const result = await send('POST', 'auth/login', {prove: true, headers: {'X-Refresh-Cookie': '1'}, body});
  byId('step-up-password').value = '';
  show(result, 'Step-up: signed in again with max_age=0' + (body.acr_values ? ` and acr_values=${body.acr_values}` : '')
    + (result.proof ? ', proving the same DPoP key.' : '.') + ' A new auth_time, and a new refresh cookie.');
  if (result.status !== 200 || !result.json || typeof result.json.access_token !== 'string') {
    byId('step-up-error').textContent = (result.json && result.json.error_description) || `Sign-in failed (${result.status})`;
    byId('step-up-password').focus();
    return;
  }
  useToken(result.json.access_token, result.json.token_type);
  hideStepUp();
  await callApi(path, 'Repeated the call with the token of the new sign-in.');
}

async function showExpiredToken() {
  const result = await send('POST', 'demo/expired-token', {token: session.token, type: session.type});
  show(result, 'Step 1: the demo signed a copy of the token whose exp is already past (POST /demo/expired-token, demo only).');
  if (result.status !== 200 || !result.json || typeof result.json.access_token !== 'string') {
    return;
  }
  useToken(result.json.access_token, result.json.token_type);
  await callApi('api/me', 'Step 2: GET /api/me with the expired token; the filter answers 401, then the page refreshes and retries.');
}

async function logout() {
  const result = await send('POST', 'auth/logout',
    {token: session.token, type: session.type, headers: {'X-CSRF-Token': csrfToken()}, body: {}});
  show(result, 'Sent the refresh cookie, X-CSRF-Token and the access token: both are revoked and the cookies deleted.');
  signedOut();
}

/** A new DPoP key for a sign-in, replacing any earlier one; without WebCrypto here, none (the bearer flow). */
async function newKey() {
  dpop.key = null;
  dpop.nonce = null;
  if (!dpopSupported()) {
    return;
  }
  try {
    dpop.key = await DPoPKey.create();
  } catch (error) {
    show({request: 'WebCrypto', status: 0, text: String(error), json: null, wwwAuthenticate: null, proof: null},
      'No DPoP key could be made: signing in with a bearer token.');
  }
}

/** After a reload: the stored key of the session the refresh cookie belongs to, if any. */
async function storedKey() {
  if (!dpopSupported()) {
    return;
  }
  try {
    dpop.key = await DPoPKey.load();
  } catch {
    dpop.key = null;
  }
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
      show({request: 'network', status: 0, text: String(error), json: null, wwwAuthenticate: null, proof: null}, 'The request did not complete.');
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
byId('call-admin-keys').addEventListener('click', guarded(callStepUpResource));
byId('step-up-form').addEventListener('submit', (event) => {
  event.preventDefault();
  guarded(stepUpLogin)(event);
});
byId('step-up-cancel').addEventListener('click', hideStepUp);
document.querySelectorAll('button[data-path]').forEach((button) =>
  button.addEventListener('click', guarded(() => callApi(button.dataset.path))));
byId('clear-results').addEventListener('click', () => {
  byId('results').replaceChildren();
  byId('no-results').hidden = false;
});
// A reload forgets the access token, but not the refresh cookie: the CSRF cookie beside it says there may be one.
if (csrfToken()) {
  guarded(async () => {
    await storedKey();
    await refresh('The page was loaded with a refresh cookie: a new access token, without signing in again'
      + (dpop.key ? ', proved with the DPoP key kept in IndexedDB.' : '.'));
  })();
}
document.body.dataset.ready = 'true';
