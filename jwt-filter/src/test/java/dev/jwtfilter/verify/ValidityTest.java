package dev.jwtfilter.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.verify.JwtVerificationException.Failure;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The time window computed once at verification and checked again on every cache hit. */
class ValidityTest {
    private static final long T = 1_700_000_000L; // epoch seconds
    private static final Duration SKEW = Duration.ofSeconds(60);

    private static Map<String, Object> claims(Object... pairs) {
        Map<String, Object> claims = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            claims.put((String) pairs[i], pairs[i + 1]);
        }
        return claims;
    }

    private static void assertRefused(Validity validity, long nowMillis, Failure failure, AuthEventReason reason) {
        assertThatThrownBy(() -> validity.check(nowMillis))
                .isInstanceOfSatisfying(JwtVerificationException.class, e -> {
                    assertThat(e.failure()).isEqualTo(failure);
                    assertThat(e.reason()).isEqualTo(reason);
                });
    }

    @Test
    void checkWhenAroundExpPlusSkewThenAcceptedUpToTheLastMillisecond() {
        Validity validity = Validity.of(claims("exp", T), SKEW, null);

        assertThatCode(() -> validity.check(T * 1000 + 59_999)).doesNotThrowAnyException();
        assertRefused(validity, T * 1000 + 60_000, Failure.EXPIRED, AuthEventReason.EXPIRED);
        assertThat(validity.endedBy(T * 1000 + 60_000)).isTrue();
    }

    @Test
    void checkWhenBeforeNbfOrIatLessSkewThenNotYetValidAndAtTheBoundAccepted() {
        Validity nbf = Validity.of(claims("exp", T + 3600, "nbf", T), SKEW, null);
        Validity iat = Validity.of(claims("exp", T + 3600, "iat", T), SKEW, null);

        for (Validity validity : new Validity[] {nbf, iat}) {
            assertRefused(validity, T * 1000 - 60_001, Failure.INVALID, AuthEventReason.NOT_YET_VALID);
            assertThatCode(() -> validity.check(T * 1000 - 60_000))
                    .doesNotThrowAnyException(); // RFC 7519 4.1.5: on or after
            assertThat(validity.endedBy(T * 1000 - 60_001)).isFalse(); // not yet is not over
        }
    }

    @Test
    void checkWhenPastTheMaximumAgeThenInvalidWithReasonExpired() {
        Validity validity = Validity.of(claims("exp", T + 86_400, "iat", T), SKEW, Duration.ofMinutes(5));

        assertThatCode(() -> validity.check(T * 1000 + 360_000)).doesNotThrowAnyException();
        assertRefused(validity, T * 1000 + 360_001, Failure.INVALID, AuthEventReason.EXPIRED);
        assertThat(validity.endedBy(T * 1000 + 360_001)).isTrue();
    }

    @Test
    void ofWhenClaimsAbsentOrAbsurdThenOpenBoundsStayOpenAndNothingWrapsAround() {
        Validity open = Validity.of(claims(), SKEW, Duration.ofMinutes(5));
        Validity huge =
                Validity.of(claims("exp", Long.MAX_VALUE, "nbf", Long.MIN_VALUE, "iat", Long.MIN_VALUE), SKEW, null);
        Validity ancient =
                Validity.of(claims("exp", Long.MAX_VALUE, "iat", Long.MIN_VALUE), SKEW, Duration.ofMinutes(5));
        Validity past = Validity.of(claims("exp", Long.MIN_VALUE), SKEW, null);

        assertThatCode(() -> open.check(T * 1000)).doesNotThrowAnyException();
        assertThatCode(() -> huge.check(T * 1000)).doesNotThrowAnyException();
        assertRefused(ancient, T * 1000, Failure.INVALID, AuthEventReason.EXPIRED);
        assertRefused(past, T * 1000, Failure.EXPIRED, AuthEventReason.EXPIRED);
    }
}
