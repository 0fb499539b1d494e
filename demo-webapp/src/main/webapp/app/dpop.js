// DPoP (RFC 9449) for the demo page: a key that proves possession, and a proof signed with it for each request.
// The key is an ES256 (ECDSA P-256) pair made by WebCrypto with extractable = false: the private key's bytes can
// never be read, exported or sent by any script, this one included; it can only sign. The pair is kept as CryptoKey
// objects in IndexedDB (database jwt-demo-dpop), so a reload can still refresh the token family bound to it; a
// structured clone of a non-extractable key stays non-extractable. Only the public key leaves, as the proof's jwk.

const DATABASE = 'jwt-demo-dpop';
const STORE = 'keys';
const CURRENT = 'current';
const encoder = new TextEncoder();

/** bytes (ArrayBuffer or Uint8Array) to base64url without padding */
function base64url(bytes) {
  let binary = '';
  new Uint8Array(bytes).forEach((b) => { binary += String.fromCharCode(b); });
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const encodeJson = (value) => base64url(encoder.encode(JSON.stringify(value)));

async function sha256(text) {
  return base64url(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/** @return whether this browser can make and keep DPoP keys here (WebCrypto needs a secure context: https or localhost) */
export function dpopSupported() {
  return Boolean(window.isSecureContext && window.crypto && crypto.subtle && window.indexedDB);
}

function openDatabase() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DATABASE, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

/** Runs one request on the key store and resolves with its result once the transaction has completed. */
async function inStore(mode, use) {
  const db = await openDatabase();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = use(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

/** One DPoP key: the non-extractable private key, its public JWK and that JWK's RFC 7638 thumbprint. */
export class DPoPKey {
  constructor(privateKey, jwk, thumbprint) {
    this.privateKey = privateKey;
    this.jwk = Object.freeze(jwk);
    this.thumbprint = thumbprint;
    Object.freeze(this);
  }

  /** A new key pair, replacing the stored one. */
  static async create() {
    const pair = await crypto.subtle.generateKey({name: 'ECDSA', namedCurve: 'P-256'}, false, ['sign']);
    await inStore('readwrite', (store) => store.put({privateKey: pair.privateKey, publicKey: pair.publicKey}, CURRENT));
    return DPoPKey.of(pair);
  }

  /** @return the stored key, or null */
  static async load() {
    const pair = await inStore('readonly', (store) => store.get(CURRENT));
    return pair && pair.privateKey && pair.publicKey ? DPoPKey.of(pair) : null;
  }

  /** Deletes the stored key: after a logout nothing can sign for the old session. */
  static async forget() {
    await inStore('readwrite', (store) => store.delete(CURRENT));
  }

  static async of(pair) {
    // A WebCrypto public key is always exportable; the private key, made with extractable = false, never is.
    const {kty, crv, x, y} = await crypto.subtle.exportKey('jwk', pair.publicKey);
    // RFC 7638: the required members only, in lexicographic order, no white space.
    const thumbprint = await sha256(JSON.stringify({crv, kty, x, y}));
    return new DPoPKey(pair.privateKey, {kty, crv, x, y}, thumbprint);
  }

  /**
   * A proof for one request (RFC 9449 section 4.2).
   *
   * @param method the request's method (htm)
   * @param url the request's URL; htu is it without query and fragment
   * @param accessToken the access token sent with it, hashed into ath, or null (token requests)
   * @param nonce the server's latest DPoP-Nonce, or null
   * @return {jwt, header, claims}
   */
  async proof(method, url, {accessToken = null, nonce = null} = {}) {
    const header = {typ: 'dpop+jwt', alg: 'ES256', jwk: this.jwk};
    const claims = {
      jti: base64url(crypto.getRandomValues(new Uint8Array(16))),
      htm: method,
      htu: url.origin + url.pathname,
      iat: Math.floor(Date.now() / 1000)
    };
    if (accessToken) {
      claims.ath = await sha256(accessToken);
    }
    if (nonce) {
      claims.nonce = nonce;
    }
    const input = `${encodeJson(header)}.${encodeJson(claims)}`;
    // WebCrypto's ECDSA signature is r || s, 64 bytes for P-256: exactly the JWS form (RFC 7518 section 3.4).
    const signature = await crypto.subtle.sign({name: 'ECDSA', hash: 'SHA-256'}, this.privateKey, encoder.encode(input));
    return {jwt: `${input}.${base64url(signature)}`, header, claims};
  }
}
