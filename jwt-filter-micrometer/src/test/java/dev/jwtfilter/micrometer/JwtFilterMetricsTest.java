package dev.jwtfilter.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.core.AuthenticationOutcome;
import dev.jwtfilter.core.JwtAuthenticator;
import dev.jwtfilter.event.AuthEvent;
import dev.jwtfilter.event.AuthEventReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metrics listener fed by a real {@link JwtAuthenticator} with real HS256 tokens, read from a real registry. */
class JwtFilterMetricsTest {
    private static final String ISSUER = "https://login.example.com";
    private static final String AUDIENCE = "orders-api";

    private final byte[] secret = randomSecret();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private JwtAuthenticator authenticator;
    private JwtFilterMetrics metrics;

    @BeforeEach
    void start() {
        JwtConfig config = JwtConfig.builder()
                .issuer(ISSUER)
                .audiences(AUDIENCE)
                .hmacSecret(secret)
                .eventListener(new JwtFilterMetrics()) // as jwt.events.listener would make it
                .eventLogging(false)
                .build();
        authenticator = new JwtAuthenticator(config);
        metrics = JwtFilterMetrics.of(config);
        metrics.bindTo(registry);
    }

    @Test
    void bindToWhenTokenAcceptedThenAcceptedOfConfiguredIssuerCounts() throws Exception {
        String token = token(ISSUER, secret);

        assertThat(authenticator.authenticate(token)).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(authenticator.authenticate(token)).isInstanceOf(AuthenticationOutcome.Authenticated.class);

        assertThat(count("accepted", ISSUER)).isEqualTo(2);
        assertThat(count("accepted", JwtFilterMetrics.UNTRUSTED)).isZero();
    }

    @Test
    void bindToWhenRequestsRefusedThenTheirReasonsCount() throws Exception {
        authenticator.authenticate("not-a-jwt");
        authenticator.authenticate(token(ISSUER, randomSecret()));

        assertThat(count("malformed", JwtFilterMetrics.NONE)).isEqualTo(1);
        assertThat(count("bad_signature", JwtFilterMetrics.NONE)).isEqualTo(1);
        assertThat(count("accepted", ISSUER)).isZero();
    }

    @Test
    void bindToWhenForgedTokensClaimRandomIssuerThenItIsNeverATagValue() throws Exception {
        String claimed = "https://attacker.example/" + UUID.randomUUID();
        assertThat(authenticator.authenticate(token(claimed, randomSecret())))
                .isInstanceOf(AuthenticationOutcome.Failed.class);
        // Signed with the trusted key: the signature verifies, the event names the claimed issuer.
        assertThat(authenticator.authenticate(token(claimed, secret))).isInstanceOf(AuthenticationOutcome.Failed.class);

        assertThat(count("wrong_issuer", JwtFilterMetrics.UNTRUSTED)).isEqualTo(1);
        assertThat(tagValues("issuer")).containsExactlyInAnyOrder(ISSUER, "untrusted", "none");
        assertThat(allTagValues()).noneMatch(value -> value.contains(claimed));
    }

    @Test
    void onEventWhenEventNamesUnconfiguredIssuerThenCountedAsUntrusted() {
        metrics.onEvent(new AuthEvent(AuthEventReason.REVOKED, Instant.now(), "anything-" + UUID.randomUUID(), "s"));
        metrics.onEvent(new AuthEvent(AuthEventReason.KEYS_UNAVAILABLE, Instant.now(), null, null));

        assertThat(count("revoked", JwtFilterMetrics.UNTRUSTED)).isEqualTo(1);
        assertThat(count("keys_unavailable", JwtFilterMetrics.NONE)).isEqualTo(1);
    }

    @Test
    void bindToWhenBoundThenEveryReasonAndIssuerPairIsRegisteredAtZero() {
        Collection<Meter> meters = registry.find(JwtFilterMetrics.EVENTS).meters();

        assertThat(meters).hasSize(AuthEventReason.values().length * 3);
        assertThat(tagValues("reason"))
                .containsAll(List.of("accepted", "missing", "revocation_unavailable", "keys_unavailable"));
    }

    @Test
    void ofWhenNoMetricsListenerThenRefusedWithAClearError() {
        JwtConfig config = JwtConfig.builder()
                .issuer(ISSUER)
                .audiences(AUDIENCE)
                .hmacSecret(secret)
                .build();

        assertThatThrownBy(() -> JwtFilterMetrics.of(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jwt.events.listener");
    }

    @Test
    void bindToWhenIssuersNotKnownYetThenRefused() {
        assertThatThrownBy(() -> new JwtFilterMetrics().bindTo(new SimpleMeterRegistry()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("of(config)");
    }

    private double count(String reason, String issuer) {
        FunctionCounter counter = registry.find(JwtFilterMetrics.EVENTS)
                .tags("reason", reason, "issuer", issuer)
                .functionCounter();
        assertThat(counter).as("counter %s %s", reason, issuer).isNotNull();
        return counter.count();
    }

    private Set<String> tagValues(String key) {
        return registry.getMeters().stream()
                .map(meter -> meter.getId().getTag(key))
                .filter(value -> value != null)
                .collect(Collectors.toSet());
    }

    private Set<String> allTagValues() {
        return registry.getMeters().stream()
                .flatMap(meter -> meter.getId().getTags().stream())
                .map(Tag::getValue)
                .collect(Collectors.toSet());
    }

    private static String token(String issuer, byte[] key) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(AUDIENCE)
                .subject("alice")
                .issueTime(new Date())
                .expirationTime(new Date(System.currentTimeMillis() + 600_000))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }

    private static byte[] randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).getBytes(StandardCharsets.US_ASCII);
    }
}
