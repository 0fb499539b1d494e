package dev.jwtfilter.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.jwtfilter.core.AuthenticationOutcome;
import dev.jwtfilter.core.JwtAuthenticator;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The verifiers {@link CompareBenchmark} puts side by side, each set up once for one algorithm and one key, with the
 * same checks: signature, algorithm pinned to the one expected, {@code exp} and {@code nbf} (and {@code iat} where the
 * library checks it) with a 60 s skew, exact {@code iss}, {@code aud}. {@link #selfCheck} proves, before anything is
 * measured, that each one accepts a valid token and refuses a forged or wrong one, so that no figure is a no-op's.
 */
final class Competitors {
    /** Skew granted by every side, in seconds (the product's default). */
    static final int SKEW = 60;

    private Competitors() {}

    /** One side of the comparison. */
    interface Verifier {
        /**
         * @param index the pool index of the token to verify
         * @return what the library returns for a valid token (never null when it accepts)
         * @throws Exception when the library refuses the token
         */
        Object verify(int index) throws Exception;

        /**
         * @param token any token
         * @return whether this side accepts it
         */
        boolean accepts(String token);

        /** @return whether this side checks the claims (the JDK floor checks the signature only) */
        default boolean checksClaims() {
            return true;
        }
    }

    /** A library that takes a token string and throws (or returns null) when it refuses it. */
    @FunctionalInterface
    interface TokenCheck {
        /**
         * @param token the compact JWS
         * @return the library's result, non-null when the token is accepted
         * @throws Exception when the library refuses the token
         */
        Object check(String token) throws Exception;
    }

    /**
     * @param side one of {@code jdk}, {@code nimbus}, {@code javajwt}, {@code jjwt}, {@code smallrye},
     *     {@code oursMiss}, {@code oursHit}
     * @param keys the keys the tokens are signed with
     * @param tokens the pool of valid tokens the benchmark cycles through
     * @return the side, ready
     */
    static Verifier of(String side, BenchKeys keys, String[] tokens) {
        return switch (side) {
            case "jdk" -> new JdkFloor(keys, tokens);
            case "nimbus" -> library(tokens, nimbus(keys));
            case "javajwt" -> library(tokens, javaJwt(keys));
            case "jjwt" -> library(tokens, jjwt(keys));
            case "smallrye" -> library(tokens, smallRye(keys));
            case "oursMiss" -> ours(tokens, new JwtAuthenticator(keys.config(true, 16)), false);
            case "oursHit" -> ours(tokens, new JwtAuthenticator(keys.config(true, 10_000)), true);
            default -> throw new IllegalArgumentException("Unknown side " + side);
        };
    }

    private static Verifier library(String[] tokens, TokenCheck check) {
        return new Verifier() {
            @Override
            public Object verify(int index) throws Exception {
                return check.check(tokens[index]);
            }

            @Override
            public boolean accepts(String token) {
                try {
                    return check.check(token) != null;
                } catch (Exception refused) {
                    return false;
                }
            }
        };
    }

    /**
     * The product through its public entry point. {@code hit}: the same token (the same String, as a keep-alive
     * client's header gives) every call, after a first call that fills the cache; otherwise a 16-entry cache and a
     * pool of 1024 tokens, so that nearly every call misses and pays lookup, verification, insertion and eviction.
     */
    private static Verifier ours(String[] tokens, JwtAuthenticator authenticator, boolean hit) {
        String repeated = tokens[0];
        return new Verifier() {
            @Override
            public Object verify(int index) {
                return authenticator.authenticate(hit ? repeated : tokens[index]);
            }

            @Override
            public boolean accepts(String token) {
                return authenticator.authenticate(token) instanceof AuthenticationOutcome.Authenticated;
            }
        };
    }

    private static TokenCheck nimbus(BenchKeys keys) {
        DefaultJWTProcessor<SecurityContext> processor = keys.bareNimbus();
        return token -> processor.process(token, null);
    }

    private static TokenCheck javaJwt(BenchKeys keys) {
        Algorithm algorithm = switch (keys.algorithm.getName()) {
            case "HS256" -> Algorithm.HMAC256(secret(keys));
            case "RS256" -> Algorithm.RSA256((RSAPublicKey) publicKey(keys), null);
            case "ES256" -> Algorithm.ECDSA256((ECPublicKey) publicKey(keys), null);
            default -> throw new IllegalArgumentException(keys.algorithm.getName());
        };
        JWTVerifier verifier = JWT.require(algorithm)
                .withIssuer(BenchKeys.ISSUER)
                .withAudience(BenchKeys.AUDIENCE)
                .withClaimPresence("exp")
                .acceptLeeway(SKEW)
                .build();
        return verifier::verify;
    }

    private static TokenCheck jjwt(BenchKeys keys) {
        var builder = Jwts.parser()
                .requireIssuer(BenchKeys.ISSUER)
                .requireAudience(BenchKeys.AUDIENCE)
                .clockSkewSeconds(SKEW);
        switch (keys.algorithm.getName()) {
            case "HS256" ->
                builder.verifyWith(new SecretKeySpec(secret(keys), "HmacSHA256"))
                        .sig()
                        .clear()
                        .add(Jwts.SIG.HS256)
                        .and();
            case "RS256" ->
                builder.verifyWith(publicKey(keys))
                        .sig()
                        .clear()
                        .add(Jwts.SIG.RS256)
                        .and();
            case "ES256" ->
                builder.verifyWith(publicKey(keys))
                        .sig()
                        .clear()
                        .add(Jwts.SIG.ES256)
                        .and();
            default -> throw new IllegalArgumentException(keys.algorithm.getName());
        }
        JwtParser parser = builder.build();
        // jjwt checks exp only when present; require it as every other side does.
        return token -> {
            var claims = parser.parseSignedClaims(token).getPayload();
            return claims.getExpiration() != null ? claims : null;
        };
    }

    private static TokenCheck smallRye(BenchKeys keys) {
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        switch (keys.algorithm.getName()) {
            case "HS256" -> {
                info.setSecretVerificationKey(new SecretKeySpec(secret(keys), "HmacSHA256"));
                info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.HS256));
            }
            case "RS256" -> {
                info.setPublicVerificationKey(publicKey(keys));
                info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
            }
            case "ES256" -> {
                info.setPublicVerificationKey(publicKey(keys));
                info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.ES256));
            }
            default -> throw new IllegalArgumentException(keys.algorithm.getName());
        }
        info.setIssuedBy(BenchKeys.ISSUER);
        info.setExpectedAudience(Set.of(BenchKeys.AUDIENCE));
        info.setClockSkew(SKEW);
        DefaultJWTParser parser = new DefaultJWTParser(info);
        return parser::parse;
    }

    static byte[] secret(BenchKeys keys) {
        try {
            return keys.keys.activeKey().toOctetSequenceKey().toByteArray();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Not an HMAC key set", e);
        }
    }

    static PublicKey publicKey(BenchKeys keys) {
        try {
            JWK key = keys.keys.activeKey();
            return switch (key.getKeyType().getValue()) {
                case "RSA" -> key.toRSAKey().toRSAPublicKey();
                case "EC" -> key.toECKey().toECPublicKey();
                default -> throw new IllegalArgumentException(key.getKeyType().getValue());
            };
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The floor: the JDK's own check of the same bytes with the already-made key, nothing else ({@code getInstance},
     * {@code init}, {@code update}, {@code doFinal}/{@code verify}, as a verifier does per call). Signing inputs and
     * signatures are split and decoded in setup. ES256 uses {@code SHA256withECDSAinP1363Format}, which takes the JWS
     * form of the signature (R || S) as it is.
     */
    static final class JdkFloor implements Verifier {
        private final String jdkAlgorithm;
        private final Key key;
        private final byte[][] inputs;
        private final byte[][] signatures;

        JdkFloor(BenchKeys keys, String[] tokens) {
            String name = keys.algorithm.getName();
            jdkAlgorithm = switch (name) {
                case "HS256" -> "HmacSHA256";
                case "RS256" -> "SHA256withRSA";
                case "ES256" -> "SHA256withECDSAinP1363Format";
                default -> throw new IllegalArgumentException(name);
            };
            key = name.equals("HS256") ? new SecretKeySpec(secret(keys), "HmacSHA256") : publicKey(keys);
            inputs = new byte[tokens.length][];
            signatures = new byte[tokens.length][];
            for (int i = 0; i < tokens.length; i++) {
                inputs[i] = signingInput(tokens[i]);
                signatures[i] = signature(tokens[i]);
            }
        }

        @Override
        public Object verify(int index) throws GeneralSecurityException {
            return check(inputs[index], signatures[index]) ? Boolean.TRUE : null;
        }

        @Override
        public boolean accepts(String token) {
            try {
                return check(signingInput(token), signature(token));
            } catch (GeneralSecurityException | RuntimeException refused) {
                return false;
            }
        }

        @Override
        public boolean checksClaims() {
            return false;
        }

        private boolean check(byte[] input, byte[] signature) throws GeneralSecurityException {
            if (key instanceof SecretKey secret) {
                Mac mac = Mac.getInstance(jdkAlgorithm);
                mac.init(secret);
                return MessageDigest.isEqual(mac.doFinal(input), signature);
            }
            Signature verifier = Signature.getInstance(jdkAlgorithm);
            verifier.initVerify((PublicKey) key);
            verifier.update(input);
            return verifier.verify(signature);
        }

        private static byte[] signingInput(String token) {
            return token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
        }

        private static byte[] signature(String token) {
            return new Base64URL(token.substring(token.lastIndexOf('.') + 1)).decode();
        }
    }

    /**
     * Refuses to measure a side that does not really verify: it must accept a valid token, and refuse a token with
     * a changed signature, an unsigned ({@code alg: none}) one, and one signed by another key; a side that checks
     * claims must also refuse a wrong issuer, a wrong audience, an expired token, a token not yet valid, a token
     * without {@code exp}, and (for RS256, where the same key can make it) the same key under RS384.
     *
     * @param side the side to check
     * @param keys the keys the valid tokens are signed with
     * @param valid a valid token
     * @throws IllegalStateException naming each case the side gets wrong
     */
    static void selfCheck(Verifier side, BenchKeys keys, String valid) {
        List<String> wrong = new ArrayList<>();
        if (!side.accepts(valid)) {
            wrong.add("refuses a valid token");
        }
        Map<String, String> forged = new java.util.LinkedHashMap<>();
        forged.put("changed signature", changeSignature(valid));
        forged.put("alg none", unsigned(valid));
        forged.put("another key", new BenchKeys(keys.algorithm.getName()).token());
        if (side.checksClaims()) {
            Instant now = Instant.now();
            forged.put("wrong issuer", keys.token(b -> b.issuer("https://evil.example")));
            forged.put("wrong audience", keys.token(b -> b.audience("other-api")));
            forged.put(
                    "expired",
                    keys.token(b -> b.expirationTime(Date.from(now.minusSeconds(600)))
                            .issueTime(Date.from(now.minusSeconds(1200)))
                            .notBeforeTime(Date.from(now.minusSeconds(1200)))));
            forged.put("not yet valid", keys.token(b -> b.notBeforeTime(Date.from(now.plusSeconds(600)))));
            forged.put("no exp", keys.token(b -> b.expirationTime(null)));
            if (keys.algorithm.equals(JWSAlgorithm.RS256)) {
                forged.put("RS384 with the same key", keys.sign(JWSAlgorithm.RS384, claimsOf(valid)));
            }
        }
        forged.forEach((name, token) -> {
            if (side.accepts(token)) {
                wrong.add("accepts " + name);
            }
        });
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("Not measured, the side does not verify: " + wrong);
        }
    }

    private static JWTClaimsSet claimsOf(String token) {
        try {
            return com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the token with one character in the middle of its signature replaced by another */
    static String changeSignature(String token) {
        int at = token.lastIndexOf('.') + (token.length() - token.lastIndexOf('.')) / 2;
        char replacement = token.charAt(at) == 'A' ? 'B' : 'A';
        return token.substring(0, at) + replacement + token.substring(at + 1);
    }

    /** @return the token's claims under an {@code alg: none} header, without a signature */
    static String unsigned(String token) {
        String header =
                Base64URL.encode("{\"alg\":\"none\",\"typ\":\"at+jwt\"}").toString();
        String payload = token.substring(token.indexOf('.') + 1, token.lastIndexOf('.'));
        return header + "." + payload + ".";
    }
}
