package dev.jwtfilter.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.core.JwtAuthenticator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The cache meters of a real {@link JwtAuthenticator}, read from a real registry. */
class TokenCacheMetricsTest {
    private static final String ISSUER = "https://login.example.com";
    private static final byte[] SECRET = UUID.randomUUID().toString().repeat(2).getBytes(StandardCharsets.US_ASCII);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void bindToWhenTokensVerifiedAndRepeatedThenHitsMissesSizeAndEvictionsMove() throws Exception {
        JwtAuthenticator authenticator = authenticator(10);
        new TokenCacheMetrics(authenticator.cacheStatistics().orElseThrow()).bindTo(registry);
        String first = token();

        authenticator.authenticate(first);
        authenticator.authenticate(first);
        authenticator.authenticate(first);
        for (int i = 0; i < 12; i++) {
            authenticator.authenticate(token());
        }

        assertThat(gets("hit")).isEqualTo(2);
        assertThat(gets("miss")).isEqualTo(13);
        double size = registry.get(TokenCacheMetrics.SIZE).gauge().value();
        assertThat(size).isBetween(1.0, 10.0);
        assertThat(registry.get(TokenCacheMetrics.EVICTIONS).functionCounter().count())
                .isEqualTo(13 - size);
    }

    @Test
    void cacheStatisticsWhenCacheOffThenEmpty() {
        JwtConfig config = JwtConfig.builder()
                .issuer(ISSUER)
                .audiences("api")
                .hmacSecret(SECRET)
                .cacheEnabled(false)
                .eventLogging(false)
                .build();

        assertThat(new JwtAuthenticator(config).cacheStatistics()).isEmpty();
    }

    private double gets(String result) {
        return registry.get(TokenCacheMetrics.GETS)
                .tag("result", result)
                .functionCounter()
                .count();
    }

    private static JwtAuthenticator authenticator(int maxEntries) {
        return new JwtAuthenticator(JwtConfig.builder()
                .issuer(ISSUER)
                .audiences("api")
                .hmacSecret(SECRET)
                .cacheMaxEntries(maxEntries)
                .eventLogging(false)
                .build());
    }

    private static String token() throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder()
                        .issuer(ISSUER)
                        .audience("api")
                        .subject("alice")
                        .jwtID(UUID.randomUUID().toString())
                        .expirationTime(new Date(System.currentTimeMillis() + 600_000))
                        .build());
        jwt.sign(new MACSigner(SECRET));
        return jwt.serialize();
    }
}
