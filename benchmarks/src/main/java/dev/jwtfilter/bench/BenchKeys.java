package dev.jwtfilter.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.issue.SigningKeySet;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Keys, typical ~10-claim access tokens, and the configurations both sides of a comparison verify them with. */
final class BenchKeys {
    static final String ISSUER = "https://issuer.example";
    static final String AUDIENCE = "orders-api";

    final JWSAlgorithm algorithm;
    final SigningKeySet keys;

    BenchKeys(String algorithm) {
        this.algorithm = JWSAlgorithm.parse(algorithm);
        this.keys = SigningKeySet.generate(this.algorithm);
    }

    /** @return a valid token for an hour, distinct from every other one (random jti) */
    String token() {
        return token(UnaryOperator.identity());
    }

    /**
     * @param change applied to the usual claims before signing (to make an expired or a foreign token, say)
     * @return a token with the usual ten claims, changed by {@code change}, signed with the active key
     */
    String token(UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(algorithm, change.apply(claims()).build());
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("user-42")
                .claim("upn", "alice@example.com")
                .claim("groups", List.of("user", "orders:read"))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .jwtID(UUID.randomUUID().toString())
                .claim("scope", "orders:read orders:write");
    }

    /**
     * @param signingAlgorithm the JWS algorithm written in the header and used with the active key
     * @param claims the claims to sign
     * @return the compact serialization
     */
    String sign(JWSAlgorithm signingAlgorithm, JWTClaimsSet claims) {
        try {
            JWK key = keys.activeKey();
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(signingAlgorithm)
                            .keyID(key.getKeyID())
                            .type(new JOSEObjectType("at+jwt"))
                            .build(),
                    claims);
            jwt.sign(new DefaultJWSSignerFactory().createJWSSigner(key, signingAlgorithm));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the product's configuration for these keys */
    JwtConfig config(boolean cache, int cacheEntries) {
        return JwtConfig.builder()
                .issuer(ISSUER)
                .audiences(AUDIENCE)
                .keys(keys.verificationKeys())
                .cacheEnabled(cache)
                .cacheMaxEntries(cacheEntries)
                .build();
    }

    /** @return what a careful hand-written filter would use: Nimbus' processor with exact iss, aud and exp */
    DefaultJWTProcessor<SecurityContext> bareNimbus() {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        JWKSet set = keys.activeKey().isPrivate() && keys.publicJwkSet().isEmpty()
                ? new JWKSet(keys.activeKey())
                : keys.publicJwkSet();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithm, new ImmutableJWKSet<>(set)));
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                AUDIENCE, new JWTClaimsSet.Builder().issuer(ISSUER).build(), Set.of("exp")));
        return processor;
    }
}
