package dev.jwtfilter.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.Base64URL;
import dev.jwtfilter.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Stateless server nonces (RFC 9449 section 9): derived from the period and a secret, never stored. */
class DPoPNoncesTest {
    private static final byte[] SECRET = "a-nonce-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    private static final Duration PERIOD = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));

    @Test
    void acceptsWhenTheNonceIsOfThisOrThePreviousPeriodThenTrueAndOlderThenFalse() {
        DPoPNonces nonces = DPoPNonces.of(SECRET, PERIOD, clock);
        String nonce = nonces.current();

        assertThat(nonces.accepts(nonce)).isTrue();
        clock.advance(PERIOD);
        assertThat(nonces.current()).isNotEqualTo(nonce);
        assertThat(nonces.accepts(nonce)).isTrue();
        clock.advance(PERIOD);
        assertThat(nonces.accepts(nonce)).isFalse();
    }

    @Test
    void acceptsWhenAnotherNodeSharesTheSecretThenItsNoncesAreAcceptedWithoutSharedState() {
        DPoPNonces first = DPoPNonces.of(SECRET, PERIOD, clock);
        DPoPNonces second = DPoPNonces.of(SECRET.clone(), PERIOD, clock);
        DPoPNonces stranger = DPoPNonces.random(PERIOD, clock);

        assertThat(second.current()).isEqualTo(first.current());
        assertThat(second.accepts(first.current())).isTrue();
        assertThat(stranger.accepts(first.current())).isFalse();
    }

    @Test
    void acceptsWhenTheNonceIsForgedOrMalformedThenFalse() {
        DPoPNonces nonces = DPoPNonces.of(SECRET, PERIOD, clock);
        byte[] bytes = new Base64URL(nonces.current()).decode();
        bytes[bytes.length - 1] ^= 1;
        String forgedMac = Base64URL.encode(bytes).toString();
        byte[] future = new Base64URL(nonces.current()).decode();
        future[7] += 5; // a period number far ahead, with the mac of the current one

        assertThat(nonces.accepts(forgedMac)).isFalse();
        assertThat(nonces.accepts(Base64URL.encode(future).toString())).isFalse();
        assertThat(nonces.accepts(null)).isFalse();
        assertThat(nonces.accepts("")).isFalse();
        assertThat(nonces.accepts(nonces.current() + "A")).isFalse();
        assertThat(nonces.accepts(nonces.current().substring(1))).isFalse();
        assertThat(nonces.accepts("!".repeat(32))).isFalse();
    }

    @Test
    void ofWhenTheSecretIsShortOrThePeriodOutOfRangeThenRefused() {
        assertThatThrownBy(() -> DPoPNonces.of(new byte[31], PERIOD, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> DPoPNonces.of(SECRET, Duration.ofMillis(500), clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DPoPNonces.of(SECRET, Duration.ofDays(2), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
