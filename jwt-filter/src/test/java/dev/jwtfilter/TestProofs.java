package dev.jwtfilter;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * DPoP proofs (RFC 9449 section 4) and DPoP-bound access tokens for tests across packages, made with Nimbus' own
 * builders and real EC keys. A test breaks one rule at a time through the claims operator.
 */
public final class TestProofs {
    private TestProofs() {}

    /** @return a fresh P-256 key pair, as a client makes one */
    public static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the RFC 7638 SHA-256 thumbprint of the key, base64url: what a bound token's {@code cnf.jkt} holds */
    public static String thumbprint(JWK key) {
        try {
            return key.toPublicJWK().computeThumbprint("SHA-256").toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return base64url(SHA-256(token)), the {@code ath} of a proof sent with the token */
    public static String ath(String accessToken) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256")
                            .digest(accessToken.getBytes(StandardCharsets.US_ASCII)))
                    .toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return an access token of {@link TestTokens#ISSUER} signed with {@link TestKeys#RSA}, bound to the key */
    public static String boundToken(JWK proofKey, Instant now) {
        return TestTokens.sign(
                TestKeys.RSA,
                JWSAlgorithm.RS256,
                TestTokens.claimsAt(now)
                        .claim("cnf", Map.of("jkt", thumbprint(proofKey)))
                        .build());
    }

    /** @return a valid ES256 proof for the request, with the token's {@code ath} */
    public static String proof(ECKey key, String method, String htu, String accessToken, Instant iat) {
        return proof(key, method, htu, accessToken, iat, claims -> claims);
    }

    /**
     * @param change alters the valid claims before signing, to break one rule
     * @return an ES256 proof signed with the key, its public JWK in the header
     */
    public static String proof(
            ECKey key,
            String method,
            String htu,
            String accessToken,
            Instant iat,
            UnaryOperator<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .jwtID(UUID.randomUUID().toString())
                .claim("htm", method)
                .claim("htu", htu)
                .issueTime(Date.from(iat));
        if (accessToken != null) {
            claims.claim("ath", ath(accessToken));
        }
        return sign(
                key,
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(new JOSEObjectType("dpop+jwt"))
                        .jwk(key.toPublicJWK())
                        .build(),
                change.apply(claims).build());
    }

    /** @return the claims signed with the key under the given header, as they are */
    public static String sign(ECKey key, JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT proof = new SignedJWT(header, claims);
            proof.sign(new ECDSASigner(key));
            return proof.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Signs a header and claims given as plain maps, so that a test can write what Nimbus' builders refuse to (a
     * private {@code jwk}, {@code alg: none}).
     *
     * @return the compact proof; with {@code alg} {@code none} an empty signature, with {@code HS256} one made with
     *     the key's {@code d} as the secret
     */
    public static String signRaw(Map<String, Object> header, Map<String, Object> claims, ECKey key) {
        String input = Base64URL.encode(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(header)) + "."
                + Base64URL.encode(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(claims));
        try {
            String alg = (String) header.get("alg");
            if ("none".equals(alg)) {
                return input + ".";
            }
            if ("HS256".equals(alg)) {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(key.getD().decode(), "HmacSHA256"));
                return input + "." + Base64URL.encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
            }
            Base64URL signature = new ECDSASigner(key)
                    .sign(new JWSHeader(JWSAlgorithm.ES256), input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + signature;
        } catch (JOSEException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return valid proof claims as a plain map, for {@link #signRaw} */
    public static Map<String, Object> rawClaims(String method, String htu, String accessToken, Instant iat) {
        Map<String, Object> claims = new java.util.LinkedHashMap<>();
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("htm", method);
        claims.put("htu", htu);
        claims.put("iat", iat.getEpochSecond());
        claims.put("ath", ath(accessToken));
        return claims;
    }
}
