package dev.jwtfilter.core;

import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.config.StepUpPath;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.principal.JwtPrincipal;
import dev.jwtfilter.verify.TrustedIssuer;
import dev.jwtfilter.verify.VerifiedJwt;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An RFC 9470 step-up requirement: acceptable {@code acr} values and/or a maximum authentication age, met by a
 * verified token whose {@code acr} claim is one of the values and whose {@code auth_time} is no older than the age.
 * Checked on every request, verified-token cache hits included, since the age grows with time. Immutable and
 * thread safe.
 *
 * @param acr the acceptable {@code acr} values, in the order {@code acr_values} names them; empty: any
 * @param maxAge the longest time since {@code auth_time}; empty: no limit
 */
public record StepUpRequirement(Set<String> acr, Optional<Duration> maxAge) {
    private static final String ACR = "acr";
    private static final String AUTH_TIME = "auth_time";

    /**
     * Copies the values, keeping their order.
     *
     * @param acr the acceptable {@code acr} values; empty: any
     * @param maxAge the longest time since {@code auth_time}; empty: no limit
     * @throws IllegalArgumentException when it requires nothing, the age is negative or an {@code acr} value would not
     *     fit {@code acr_values} (printable ASCII without spaces, quotes or backslashes)
     */
    public StepUpRequirement {
        acr = Collections.unmodifiableSet(new LinkedHashSet<>(acr));
        if (acr.isEmpty() && maxAge.isEmpty()) {
            throw new IllegalArgumentException("a step-up requirement needs acr values, a maximum age, or both");
        }
        if (!acr.stream().allMatch(value -> value.matches("[\\x21\\x23-\\x5b\\x5d-\\x7e]+"))) {
            throw new IllegalArgumentException(
                    "acr values must be printable ASCII without spaces, quotes or backslashes");
        }
        if (maxAge.filter(Duration::isNegative).isPresent()) {
            throw new IllegalArgumentException("a step-up maximum age must be zero or positive");
        }
    }

    /**
     * @param annotation a {@link StepUp} annotation
     * @return its requirement
     * @throws IllegalArgumentException when it sets neither member, or a negative age other than {@code -1}
     */
    public static StepUpRequirement of(StepUp annotation) {
        long seconds = annotation.maxAgeSeconds();
        if (seconds < -1) {
            throw new IllegalArgumentException("@StepUp(maxAgeSeconds) must be -1 (no limit) or zero or positive");
        }
        return new StepUpRequirement(
                new LinkedHashSet<>(Arrays.asList(annotation.acr())),
                seconds == -1 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds)));
    }

    /**
     * @param entry a {@code jwt.step-up.NAME.*} entry, already checked by the configuration
     * @return its requirement
     */
    public static StepUpRequirement of(StepUpPath entry) {
        return new StepUpRequirement(entry.acr(), entry.maxAge());
    }

    /**
     * Whether a verified token meets this requirement (RFC 9470 section 3).
     *
     * @param jwt the verified token
     * @param clock the clock to measure the age with
     * @param skew how far in the future an {@code auth_time} may lie (the issuer's clock skew); the age itself gets
     *     no leniency
     * @return empty when it is met; else 401 {@code insufficient_user_authentication} with the {@code acr_values}
     *     and {@code max_age} that apply, or 401 {@code invalid_token} for an {@code acr} that is not a string, an
     *     {@code auth_time} that is not a number or too large for an instant, or one in the future beyond the skew
     */
    public Optional<BearerError> refusal(VerifiedJwt jwt, Clock clock, Duration skew) {
        Object acrClaim = acr.isEmpty() ? null : jwt.claim(ACR).orElse(null);
        Object authTime = maxAge.isEmpty() ? null : jwt.claim(AUTH_TIME).orElse(null);
        if (acrClaim != null && !(acrClaim instanceof String) || authTime != null && !(authTime instanceof Number)) {
            return Optional.of(BearerError.INVALID_TOKEN);
        }
        Instant now = clock.instant();
        Instant authenticated = authTime == null ? null : instant((Number) authTime);
        if (authTime != null && (authenticated == null || authenticated.isAfter(now.plus(skew)))) {
            return Optional.of(BearerError.INVALID_TOKEN);
        }
        boolean acrMet = acr.isEmpty() || acr.contains(acrClaim);
        boolean ageMet = maxAge.isEmpty()
                || authenticated != null && !authenticated.plus(maxAge.get()).isBefore(now);
        return acrMet && ageMet ? Optional.empty() : Optional.of(challenge());
    }

    /**
     * Whether an authenticated caller meets this requirement, with the configuration's clock and the clock skew of
     * the caller's issuer.
     *
     * @param principal the caller, or {@code null} for one not authenticated by a token (who cannot meet it)
     * @param config the configuration the caller was authenticated with
     * @return as {@link #refusal(VerifiedJwt, Clock, Duration)}
     */
    public Optional<BearerError> refusal(JwtPrincipal principal, JwtConfig config) {
        if (principal == null) {
            return Optional.of(challenge());
        }
        Duration skew = config.trustedIssuers().stream()
                .filter(issuer -> issuer.issuer().equals(principal.getIssuer()))
                .map(TrustedIssuer::clockSkew)
                .findFirst()
                .orElse(Duration.ZERO);
        return refusal(principal.getJwt(), config.clock(), skew);
    }

    /**
     * The first of several requirements that an authentication outcome does not meet, all of which apply to one
     * request (an annotation and path entries): without a token, the bare challenge; a refused token keeps its error.
     *
     * @param requirements the requirements, in order
     * @param outcome the request's authentication outcome
     * @param config the configuration the request was authenticated with
     * @return the refusal of the first unmet requirement, or empty when every one is met (or there are none)
     */
    public static Optional<BearerError> firstRefusal(
            List<StepUpRequirement> requirements, AuthenticationOutcome outcome, JwtConfig config) {
        if (requirements.isEmpty()) {
            return Optional.empty();
        }
        if (outcome instanceof AuthenticationOutcome.Failed failed) {
            return Optional.of(failed.error());
        }
        if (!(outcome instanceof AuthenticationOutcome.Authenticated authenticated)) {
            return Optional.of(BearerError.MISSING_TOKEN);
        }
        for (StepUpRequirement requirement : requirements) {
            Optional<BearerError> refusal = requirement.refusal(authenticated.principal(), config);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    /**
     * @param seconds a NumericDate
     * @return it as an instant, or {@code null} when no instant can hold it (a signed {@code auth_time} of
     *     {@code 1e300} would otherwise end the request with an exception instead of a 401)
     */
    private static Instant instant(Number seconds) {
        try {
            return Instant.ofEpochSecond(seconds.longValue());
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** @return 401 {@code insufficient_user_authentication} with this requirement's {@code acr_values} and {@code max_age} */
    private BearerError challenge() {
        BearerError error = BearerError.INSUFFICIENT_USER_AUTHENTICATION;
        if (!acr.isEmpty()) {
            error = error.withParameter("acr_values", String.join(" ", acr));
        }
        if (maxAge.isPresent()) {
            error = error.withParameter("max_age", Long.toString(maxAge.get().toSeconds()));
        }
        return error;
    }
}
