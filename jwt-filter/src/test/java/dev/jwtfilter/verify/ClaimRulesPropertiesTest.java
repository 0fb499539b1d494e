package dev.jwtfilter.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.core.AuthenticationOutcome;
import dev.jwtfilter.core.JwtAuthenticator;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * For any combination of claim values, the product accepts a correctly signed token exactly when every
 * claims rule holds: exact iss, aud containing ours, exp present and not past the 60 s skew, nbf and iat
 * not beyond it in the future, a usable name, and roles that are strings.
 */
class ClaimRulesPropertiesTest {
    private static final JwtConfig CONFIG = TestTokens.config()
            .hmacSecret(TestKeys.HMAC_SECRET)
            .cacheEnabled(false)
            .build();
    private static final JwtAuthenticator AUTHENTICATOR = new JwtAuthenticator(CONFIG);
    private static final Instant NOW = TestTokens.NOW;

    enum Iss {
        OURS,
        OTHER,
        TRAILING_SLASH,
        ABSENT
    }

    enum Aud {
        OURS,
        OTHER,
        ARRAY_WITH_OURS,
        ARRAY_WITHOUT_OURS,
        ABSENT
    }

    enum Time {
        ABSENT,
        FAR_PAST,
        WITHIN_SKEW_PAST,
        WITHIN_SKEW_FUTURE,
        FAR_FUTURE
    }

    enum Name {
        UPN,
        SUB_ONLY,
        EMPTY,
        NUMBER,
        ABSENT
    }

    enum Roles {
        LIST,
        SPACE_SEPARATED,
        ABSENT,
        NUMBER,
        LIST_WITH_NUMBER,
        OBJECT
    }

    private static Date at(Time time) {
        switch (time) {
            case FAR_PAST:
                return Date.from(NOW.minusSeconds(3600));
            case WITHIN_SKEW_PAST:
                return Date.from(NOW.minusSeconds(30));
            case WITHIN_SKEW_FUTURE:
                return Date.from(NOW.plusSeconds(30));
            case FAR_FUTURE:
                return Date.from(NOW.plusSeconds(3600));
            default:
                return null;
        }
    }

    @Property(tries = 1000)
    void acceptedExactlyWhenEveryRuleHolds(
            @ForAll Iss iss,
            @ForAll Aud aud,
            @ForAll Time exp,
            @ForAll Time nbf,
            @ForAll Time iat,
            @ForAll Name name,
            @ForAll Roles roles) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .expirationTime(at(exp))
                .notBeforeTime(at(nbf))
                .issueTime(at(iat));
        switch (iss) {
            case OURS -> claims.issuer(TestTokens.ISSUER);
            case OTHER -> claims.issuer("https://other.example");
            case TRAILING_SLASH -> claims.issuer(TestTokens.ISSUER + "/");
            default -> {}
        }
        switch (aud) {
            case OURS -> claims.audience(TestTokens.AUDIENCE);
            case OTHER -> claims.audience("other-api");
            case ARRAY_WITH_OURS -> claims.audience(List.of("other-api", TestTokens.AUDIENCE));
            case ARRAY_WITHOUT_OURS -> claims.audience(List.of("other-api", "third-api"));
            default -> {}
        }
        switch (name) {
            case UPN -> claims.claim("upn", "alice").subject("42");
            case SUB_ONLY -> claims.subject("42");
            case EMPTY -> claims.claim("upn", "").subject("");
            case NUMBER -> claims.claim("upn", 7);
            default -> {}
        }
        switch (roles) {
            case LIST -> claims.claim("groups", List.of("user", "admin"));
            case SPACE_SEPARATED -> claims.claim("groups", "user admin");
            case NUMBER -> claims.claim("groups", 3);
            case LIST_WITH_NUMBER -> claims.claim("groups", List.of("user", 3));
            case OBJECT -> claims.claim("groups", java.util.Map.of("admin", true));
            default -> {}
        }
        boolean expected = (iss == Iss.OURS)
                && (aud == Aud.OURS || aud == Aud.ARRAY_WITH_OURS)
                && (exp == Time.WITHIN_SKEW_PAST || exp == Time.WITHIN_SKEW_FUTURE || exp == Time.FAR_FUTURE)
                && nbf != Time.FAR_FUTURE
                && iat != Time.FAR_FUTURE
                && (name == Name.UPN || name == Name.SUB_ONLY)
                && (roles == Roles.LIST || roles == Roles.SPACE_SEPARATED || roles == Roles.ABSENT);

        String token = TestTokens.sign(TestKeys.HMAC, JWSAlgorithm.HS256, claims.build());
        AuthenticationOutcome outcome = AUTHENTICATOR.authenticate(token);

        assertThat(outcome instanceof AuthenticationOutcome.Authenticated)
                .as(
                        "iss=%s aud=%s exp=%s nbf=%s iat=%s name=%s roles=%s -> %s",
                        iss, aud, exp, nbf, iat, name, roles, outcome)
                .isEqualTo(expected);
    }
}
