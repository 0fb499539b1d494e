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
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("user-42")
                .claim("upn", "alice@example.com")
                .claim("groups", List.of("user", "orders:read"))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .jwtID(UUID.randomUUID().toString())
                .claim("scope", "orders:read orders:write")
                .build();
        try {
            JWK key = keys.activeKey();
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(algorithm)
                            .keyID(key.getKeyID())
                            .type(new JOSEObjectType("at+jwt"))
                            .build(),
                    claims);
            jwt.sign(new DefaultJWSSignerFactory().createJWSSigner(key, algorithm));
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
