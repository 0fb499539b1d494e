package dev.jwtfilter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.StepUpPath;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.error.BearerErrorCode;
import dev.jwtfilter.principal.JwtPrincipal;
import dev.jwtfilter.verify.VerifiedJwt;
import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The RFC 9470 check: {@code acr} in or out, {@code auth_time} young or old, missing or ill-typed claims. */
class StepUpRequirementTest {
    private static final Instant NOW = TestTokens.NOW;
    private static final Clock CLOCK = TestTokens.CLOCK;
    private static final Duration SKEW = Duration.ofSeconds(60);
    private static final StepUpRequirement MFA =
            new StepUpRequirement(new LinkedHashSet<>(List.of("mfa", "hwk")), Optional.empty());
    private static final StepUpRequirement FIVE_MINUTES =
            new StepUpRequirement(Set.of(), Optional.of(Duration.ofMinutes(5)));
    private static final StepUpRequirement BOTH =
            new StepUpRequirement(Set.of("mfa"), Optional.of(Duration.ofMinutes(5)));

    private static VerifiedJwt jwt(Object... claims) {
        Map<String, Object> map = new HashMap<>(Map.of("sub", "alice", "iss", TestTokens.ISSUER));
        for (int i = 0; i < claims.length; i += 2) {
            map.put((String) claims[i], claims[i + 1]);
        }
        return new VerifiedJwt(map, "RS256", null);
    }

    private static long secondsAgo(long seconds) {
        return NOW.getEpochSecond() - seconds;
    }

    @Test
    void refusalWhenAcrIsOneOfTheValuesThenMet() {
        assertThat(MFA.refusal(jwt("acr", "hwk"), CLOCK, SKEW)).isEmpty();
    }

    @Test
    void refusalWhenAcrIsAnotherValueThenInsufficientUserAuthenticationWithAcrValues() {
        BearerError error = MFA.refusal(jwt("acr", "pwd"), CLOCK, SKEW).orElseThrow();

        assertThat(error.status()).isEqualTo(401);
        assertThat(error.code()).isEqualTo(BearerErrorCode.INSUFFICIENT_USER_AUTHENTICATION);
        assertThat(error.parameters()).containsExactly(Map.entry("acr_values", "mfa hwk"));
    }

    @Test
    void refusalWhenAcrIsMissingThenInsufficientUserAuthentication() {
        assertThat(MFA.refusal(jwt(), CLOCK, SKEW).orElseThrow().code())
                .isEqualTo(BearerErrorCode.INSUFFICIENT_USER_AUTHENTICATION);
    }

    @Test
    void refusalWhenAcrIsNotAStringThenInvalidToken() {
        assertThat(MFA.refusal(jwt("acr", List.of("mfa")), CLOCK, SKEW)).contains(BearerError.INVALID_TOKEN);
    }

    @Test
    void refusalWhenAuthTimeIsWithinMaxAgeThenMet() {
        assertThat(FIVE_MINUTES.refusal(jwt("auth_time", secondsAgo(300)), CLOCK, SKEW))
                .isEmpty();
    }

    @Test
    void refusalWhenAuthTimeIsOlderThanMaxAgeThenInsufficientUserAuthenticationWithMaxAge() {
        BearerError error = FIVE_MINUTES
                .refusal(jwt("auth_time", secondsAgo(301)), CLOCK, SKEW)
                .orElseThrow();

        assertThat(error.code()).isEqualTo(BearerErrorCode.INSUFFICIENT_USER_AUTHENTICATION);
        assertThat(error.parameters()).containsExactly(Map.entry("max_age", "300"));
    }

    @Test
    void refusalWhenAuthTimeIsMissingThenInsufficientUserAuthentication() {
        assertThat(FIVE_MINUTES.refusal(jwt(), CLOCK, SKEW).orElseThrow().code())
                .isEqualTo(BearerErrorCode.INSUFFICIENT_USER_AUTHENTICATION);
    }

    @Test
    void refusalWhenAuthTimeIsNotANumberThenInvalidToken() {
        assertThat(FIVE_MINUTES.refusal(jwt("auth_time", "yesterday"), CLOCK, SKEW))
                .contains(BearerError.INVALID_TOKEN);
    }

    @Test
    void refusalWhenAuthTimeIsBeyondWhatAnInstantHoldsThenInvalidToken() {
        for (Object huge : List.<Object>of(1e300, -1e300, Long.MAX_VALUE, Long.MIN_VALUE, 1e18, -1e18)) {
            assertThat(FIVE_MINUTES.refusal(jwt("auth_time", huge), CLOCK, SKEW))
                    .as("auth_time %s", huge)
                    .contains(BearerError.INVALID_TOKEN);
        }
    }

    @Test
    void refusalWhenAuthTimeIsInTheFutureWithinTheSkewThenMet() {
        assertThat(FIVE_MINUTES.refusal(jwt("auth_time", secondsAgo(-60)), CLOCK, SKEW))
                .isEmpty();
    }

    @Test
    void refusalWhenAuthTimeIsInTheFutureBeyondTheSkewThenInvalidToken() {
        assertThat(FIVE_MINUTES.refusal(jwt("auth_time", secondsAgo(-61)), CLOCK, SKEW))
                .contains(BearerError.INVALID_TOKEN);
    }

    @Test
    void refusalWhenBothAreRequiredAndOneIsUnmetThenBothParametersNamed() {
        BearerError staleMfa = BOTH.refusal(jwt("acr", "mfa", "auth_time", secondsAgo(600)), CLOCK, SKEW)
                .orElseThrow();
        Optional<BearerError> freshPassword = BOTH.refusal(jwt("acr", "pwd", "auth_time", secondsAgo(10)), CLOCK, SKEW);

        assertThat(staleMfa.parameters()).containsExactly(Map.entry("acr_values", "mfa"), Map.entry("max_age", "300"));
        assertThat(freshPassword).isPresent();
        assertThat(BOTH.refusal(jwt("acr", "mfa", "auth_time", secondsAgo(10)), CLOCK, SKEW))
                .isEmpty();
    }

    @Test
    void refusalWhenOnlyAcrIsRequiredThenAnIllTypedAuthTimeIsIgnored() {
        assertThat(MFA.refusal(jwt("acr", "mfa", "auth_time", "x"), CLOCK, SKEW))
                .isEmpty();
    }

    @Test
    void constructorWhenNothingIsRequiredThenRefused() {
        assertThatThrownBy(() -> new StepUpRequirement(Set.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StepUpRequirement(Set.of(), Optional.of(Duration.ofSeconds(-1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StepUpRequirement(Set.of("two words"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofWhenTheAnnotationRequiresNothingOrANegativeAgeThenRefused() {
        assertThatThrownBy(() -> StepUpRequirement.of(stepUp(new String[0], -1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StepUpRequirement.of(stepUp(new String[0], -2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(StepUpRequirement.of(stepUp(new String[] {"mfa"}, 0)))
                .isEqualTo(new StepUpRequirement(Set.of("mfa"), Optional.of(Duration.ZERO)));
    }

    @Test
    void ofWhenAPathEntryThenItsRequirement() {
        StepUpPath entry = new StepUpPath("admin", List.of("/admin/*"), Set.of(), Optional.of(Duration.ofMinutes(5)));

        assertThat(StepUpRequirement.of(entry)).isEqualTo(FIVE_MINUTES);
    }

    @Test
    void firstRefusalWhenSeveralApplyThenEveryOneMustBeMetAndTheFirstUnmetIsNamed() {
        JwtPrincipal principal = new JwtPrincipal("alice", Set.of(), jwt("acr", "pwd", "auth_time", secondsAgo(600)));
        AuthenticationOutcome outcome = new AuthenticationOutcome.Authenticated(principal);
        var config = TestTokens.rsaConfig();

        Optional<BearerError> ageFirst = StepUpRequirement.firstRefusal(List.of(FIVE_MINUTES, MFA), outcome, config);
        Optional<BearerError> acrFirst = StepUpRequirement.firstRefusal(List.of(MFA, FIVE_MINUTES), outcome, config);

        assertThat(ageFirst.orElseThrow().parameters()).containsOnlyKeys("max_age");
        assertThat(acrFirst.orElseThrow().parameters()).containsOnlyKeys("acr_values");
    }

    @Test
    void firstRefusalWhenNoTokenThenBareChallengeAndARefusedTokenKeepsItsError() {
        var config = TestTokens.rsaConfig();

        assertThat(StepUpRequirement.firstRefusal(List.of(MFA), AuthenticationOutcome.ANONYMOUS, config))
                .contains(BearerError.MISSING_TOKEN);
        assertThat(StepUpRequirement.firstRefusal(
                        List.of(MFA), new AuthenticationOutcome.Failed(BearerError.EXPIRED_TOKEN), config))
                .contains(BearerError.EXPIRED_TOKEN);
        assertThat(StepUpRequirement.firstRefusal(List.of(), AuthenticationOutcome.ANONYMOUS, config))
                .isEmpty();
    }

    private static StepUp stepUp(String[] acr, long maxAgeSeconds) {
        return new StepUp() {
            @Override
            public String[] acr() {
                return acr;
            }

            @Override
            public long maxAgeSeconds() {
                return maxAgeSeconds;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return StepUp.class;
            }
        };
    }
}
