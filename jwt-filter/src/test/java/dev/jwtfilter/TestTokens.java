package dev.jwtfilter;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.config.JwtConfigBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Tokens signed at test time against a fixed clock, and configurations that expect them. */
public final class TestTokens {
    public static final String ISSUER = "https://issuer.example";
    public static final String AUDIENCE = "orders-api";
    public static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private TestTokens() {}

    /** @return claims of a valid token for alice with role {@code user}, issued now, expiring in 5 minutes */
    public static JWTClaimsSet.Builder claims() {
        return claimsAt(NOW);
    }

    /** @return the same claims issued at another instant, for servers that run on the real clock */
    public static JWTClaimsSet.Builder claimsAt(Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("alice")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString())
                .claim("groups", List.of("user"));
    }

    /** @return a header for the algorithm with the key's kid and {@code typ: JWT} */
    public static JWSHeader.Builder header(JWSAlgorithm alg, JWK key) {
        return new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT);
    }

    public static String sign(JWK key, JWSAlgorithm alg, JWTClaimsSet claims) {
        return sign(key, header(alg, key).build(), claims);
    }

    public static String sign(JWK key, JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a valid RS256 token from {@link TestKeys#RSA} */
    public static String rs256() {
        return sign(TestKeys.RSA, JWSAlgorithm.RS256, claims().build());
    }

    public static String rs256(JWTClaimsSet claims) {
        return sign(TestKeys.RSA, JWSAlgorithm.RS256, claims);
    }

    public static JWSSigner signer(JWK key) throws JOSEException {
        if (key instanceof RSAKey rsa) {
            return new RSASSASigner(rsa);
        }
        if (key instanceof ECKey ec) {
            return new ECDSASigner(ec);
        }
        return new MACSigner((OctetSequenceKey) key);
    }

    /** @return a builder expecting {@link #ISSUER}, {@link #AUDIENCE} on {@link #CLOCK}, without keys */
    public static JwtConfigBuilder config() {
        return JwtConfig.builder().issuer(ISSUER).audiences(AUDIENCE).clock(CLOCK);
    }

    /** @return a configuration verifying with the public JWK set of {@link TestKeys#RSA} */
    public static JwtConfig rsaConfig() {
        return config().jwkSet(TestKeys.publicJwks(TestKeys.RSA)).build();
    }
}
