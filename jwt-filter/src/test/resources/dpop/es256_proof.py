"""Makes one ES256 DPoP proof (RFC 9449 section 4.2) with the `cryptography` package alone, as an independent client.

Usage: python3 es256_proof.py METHOD URI IAT [ACCESS_TOKEN]
Prints two lines: the proof, then the RFC 7638 SHA-256 thumbprint of its key (both base64url, no padding).
Used by DPoPInteropTest; a fresh P-256 key and a random jti for each run.
"""
import base64
import hashlib
import json
import secrets
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def compact_json(value) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode("utf-8")


def main(argv):
    method, uri, iat = argv[1], argv[2], int(argv[3])
    access_token = argv[4] if len(argv) > 4 else None
    key = ec.generate_private_key(ec.SECP256R1())
    numbers = key.public_key().public_numbers()
    jwk = {
        "kty": "EC",
        "crv": "P-256",
        "x": b64url(numbers.x.to_bytes(32, "big")),
        "y": b64url(numbers.y.to_bytes(32, "big")),
    }
    header = {"typ": "dpop+jwt", "alg": "ES256", "jwk": jwk}
    claims = {"jti": b64url(secrets.token_bytes(16)), "htm": method, "htu": uri, "iat": iat}
    if access_token is not None:
        claims["ath"] = b64url(hashlib.sha256(access_token.encode("ascii")).digest())
    signing_input = b64url(compact_json(header)) + "." + b64url(compact_json(claims))
    r, s = decode_dss_signature(key.sign(signing_input.encode("ascii"), ec.ECDSA(hashes.SHA256())))
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    # RFC 7638 section 3.2: the required members only, in lexicographic order, no whitespace.
    required = {name: jwk[name] for name in ("crv", "kty", "x", "y")}
    thumbprint = b64url(hashlib.sha256(compact_json(dict(sorted(required.items())))).digest())
    print(signing_input + "." + b64url(signature))
    print(thumbprint)


if __name__ == "__main__":
    main(sys.argv)
