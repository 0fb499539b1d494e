package dev.jwtfilter.proof;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.crypto.opts.AllowWeakRSAKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Signs DPoP proofs at test time with real keys. Header and claims are plain maps, so that a test can break any
 * one rule (a private jwk, a crit header, a wrong typ) that Nimbus' own builders would refuse to write.
 */
final class Proofs {
    static final String TOKEN = "an-access-token";
    static final String METHOD = "GET";
    static final String URI = "https://api.example.com/orders";

    private Proofs() {}

    /** A valid header for the key: typ dpop+jwt, its algorithm, its public jwk. */
    static Map<String, Object> header(JWK key, JWSAlgorithm algorithm) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "dpop+jwt");
        header.put("alg", algorithm.getName());
        header.put("jwk", key.toPublicJWK().toJSONObject());
        return header;
    }

    /** Valid claims for {@link #METHOD} {@link #URI} with {@link #TOKEN}, issued at the given instant. */
    static Map<String, Object> claims(Instant issuedAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("htm", METHOD);
        claims.put("htu", URI);
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("ath", ProofClaims.tokenHash(TOKEN));
        return claims;
    }

    /** Signs header and claims as given, with the signing key and the header's alg. */
    static String sign(Map<String, Object> header, Map<String, Object> claims, JWK signingKey) {
        String signingInput = encode(header) + "." + encode(claims);
        try {
            JWSAlgorithm algorithm = JWSAlgorithm.parse((String) header.get("alg"));
            JWSSigner signer = signingKey instanceof RSAKey rsa
                    ? new RSASSASigner(
                            rsa.toPrivateKey(),
                            Set.of(AllowWeakRSAKey.getInstance())) // also keys under 2048 bits, to test their refusal
                    : new DefaultJWSSignerFactory().createJWSSigner(signingKey, algorithm);
            Base64URL signature =
                    signer.sign(new JWSHeader(algorithm), signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + signature;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid proof signed with the key. */
    static String valid(JWK key, JWSAlgorithm algorithm, Instant issuedAt) {
        return sign(header(key, algorithm), claims(issuedAt), key);
    }

    static String encode(Map<String, Object> json) {
        return Base64URL.encode(JSONObjectUtils.toJSONString(json)).toString();
    }
}
