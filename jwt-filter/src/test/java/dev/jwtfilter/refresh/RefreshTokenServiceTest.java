package dev.jwtfilter.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwtfilter.MutableClock;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.refresh.RotationOutcome.Reason;
import dev.jwtfilter.verify.JwtVerificationException;
import dev.jwtfilter.verify.NimbusTokenVerifier;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefreshTokenServiceTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(TestTokens.NOW);
    private RefreshTokenService service;

    @BeforeEach
    void setUp() {
        service = new RefreshTokenService(JdbcRefreshTokenStore.h2File(dir), RefreshTokenSettings.defaults(), clock);
    }

    private String rotated(String token) {
        RefreshResult result = service.rotate(token);
        assertThat(result).isInstanceOf(RefreshResult.Rotated.class);
        return ((RefreshResult.Rotated) result).refreshToken().token();
    }

    @Test
    void startFamilyWhenLoginThen256RandomBitsStoredOnlyAsHash() throws Exception {
        IssuedRefreshToken issued = service.startFamily("alice");

        assertThat(Base64.getUrlDecoder().decode(issued.token())).hasSize(32);
        assertThat(issued.familyExpiresAt()).isEqualTo(TestTokens.NOW.plus(Duration.ofDays(14)));
        assertThat(issued.toString()).doesNotContain(issued.token());
        List<String> stored = new ArrayList<>();
        try (var c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("refresh-tokens"));
                var rows = c.createStatement().executeQuery("SELECT token_hash FROM jwt_refresh_token")) {
            while (rows.next()) {
                stored.add(rows.getString(1));
            }
        }
        assertThat(stored).containsExactly(OpaqueTokens.hash(issued.token())).doesNotContain(issued.token());
    }

    @Test
    void rotateWhenCurrentThenNewTokenForSameUserAndFamily() {
        IssuedRefreshToken login = service.startFamily("alice");

        RefreshResult result = service.rotate(login.token());

        assertThat(result).isInstanceOfSatisfying(RefreshResult.Rotated.class, r -> {
            assertThat(r.subject()).isEqualTo("alice");
            assertThat(r.refreshToken().familyId()).isEqualTo(login.familyId());
            assertThat(r.refreshToken().token()).isNotEqualTo(login.token());
            assertThat(r.refreshToken().familyExpiresAt()).isEqualTo(login.familyExpiresAt());
        });
    }

    @Test
    void rotateWhenOldTokenReusedThenFamilyRevokedAndNewestTokenStopsWorking() {
        String first = service.startFamily("alice").token();
        String second = rotated(first);
        String third = rotated(second);

        assertThat(service.rotate(first)).isEqualTo(new RefreshResult.Refused(Reason.REUSED));
        assertThat(service.rotate(third)).isEqualTo(new RefreshResult.Refused(Reason.REVOKED));
    }

    @Test
    void rotateWhenUsedEvery12HoursThenFamilyStillEndsAfter14Days() {
        String token = service.startFamily("alice").token();
        for (int i = 0; i < 27; i++) {
            clock.advance(Duration.ofHours(12));
            token = rotated(token);
        }

        clock.advance(Duration.ofHours(12)); // 14 days after login

        assertThat(service.rotate(token)).isEqualTo(new RefreshResult.Refused(Reason.EXPIRED));
    }

    @Test
    void rotateWhenIdleOver24HoursThenExpired() {
        String token = service.startFamily("alice").token();
        clock.advance(Duration.ofHours(23));
        token = rotated(token);

        clock.advance(Duration.ofHours(24));

        assertThat(service.rotate(token)).isEqualTo(new RefreshResult.Refused(Reason.EXPIRED));
    }

    @Test
    void revokeWhenLogoutThenTokenRefused() {
        String token = service.startFamily("alice").token();

        assertThat(service.revoke(token)).isTrue();

        assertThat(service.rotate(token)).isEqualTo(new RefreshResult.Refused(Reason.REVOKED));
        assertThat(service.revoke("not-a-token")).isFalse();
    }

    @Test
    void revokeAllForSubjectWhenPasswordChangedThenEveryDeviceLoggedOut() {
        String phone = service.startFamily("alice").token();
        String laptop = service.startFamily("alice").token();
        String bob = service.startFamily("bob").token();

        assertThat(service.revokeAllForSubject("alice")).isEqualTo(2);

        assertThat(service.rotate(phone)).isInstanceOf(RefreshResult.Refused.class);
        assertThat(service.rotate(laptop)).isInstanceOf(RefreshResult.Refused.class);
        assertThat(service.rotate(bob)).isInstanceOf(RefreshResult.Rotated.class);
    }

    @Test
    void rotateWhenAccessTokenOrGarbagePresentedThenUnknown() {
        for (String presented :
                List.of(TestTokens.rs256(), "", "x".repeat(43) + "=", "a".repeat(42), "a".repeat(42) + "!")) {
            assertThat(service.rotate(presented)).isEqualTo(new RefreshResult.Refused(Reason.UNKNOWN));
        }
        assertThat(service.rotate(null)).isEqualTo(new RefreshResult.Refused(Reason.UNKNOWN));
    }

    @Test
    void refreshTokenWhenSentAsBearerTokenThenVerifierRefusesIt() {
        String refresh = service.startFamily("alice").token();

        assertThatThrownBy(() -> new NimbusTokenVerifier(
                                TestTokens.rsaConfig().ownIssuer().orElseThrow())
                        .verify(refresh))
                .isInstanceOf(JwtVerificationException.class);
    }

    @Test
    void purgeExpiredWhenFamiliesEndedThenDeleted() {
        String token = service.startFamily("alice").token();
        clock.advance(Duration.ofDays(15));

        assertThat(service.purgeExpired()).isEqualTo(1);
        assertThat(service.rotate(token)).isEqualTo(new RefreshResult.Refused(Reason.UNKNOWN));
    }

    @Test
    void purgeExpiredWhenChainRotatedThenReuseOfTheFirstTokenStillRevokesTheFamily() {
        String a = service.startFamily("alice").token();
        String b = rotated(a);
        String c = rotated(b);
        clock.advance(Duration.ofHours(1));

        service.purgeExpired();

        assertThat(service.rotate(a)).isEqualTo(new RefreshResult.Refused(Reason.REUSED));
        assertThat(service.rotate(c)).isEqualTo(new RefreshResult.Refused(Reason.REVOKED));
    }

    @Test
    void purgeExpiredWhenFamilyIdleTooLongThenDeleted() {
        String token = service.startFamily("alice").token();
        clock.advance(Duration.ofHours(24));

        assertThat(service.purgeExpired()).isEqualTo(1);
        assertThat(service.rotate(token)).isEqualTo(new RefreshResult.Refused(Reason.UNKNOWN));
    }

    @Test
    void rotateWhenMoreThanTheLimitPerWindowThenThrottledAndALaterRotationSucceeds() {
        service = new RefreshTokenService(
                JdbcRefreshTokenStore.h2File(dir),
                RefreshTokenSettings.defaults().withRotationLimit(3, Duration.ofMinutes(1)),
                clock);
        String token = service.startFamily("alice").token();
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(1));
            token = rotated(token);
        }

        clock.advance(Duration.ofSeconds(1));
        assertThat(service.rotate(token)).isEqualTo(new RefreshResult.Throttled(Duration.ofSeconds(57)));

        clock.advance(Duration.ofSeconds(57));
        assertThat(service.rotate(token)).isInstanceOf(RefreshResult.Rotated.class);
    }

    @Test
    void settingsWhenRotationLimitNotPositiveThenRefused() {
        assertThatThrownBy(() -> RefreshTokenSettings.defaults().withRotationLimit(0, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RefreshTokenSettings.defaults().withRotationLimit(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RefreshTokenSettings.defaults().maxRotations()).isEqualTo(10);
    }

    @Test
    void rotateWhenFamilyBoundAtLoginThenOnlyTheSameKeyRotatesAndOtherAttemptsSpendNothing() throws Exception {
        String key = TestKeys.EC.computeThumbprint().toString();
        String other = TestKeys.RSA.computeThumbprint().toString();
        IssuedRefreshToken login = service.startFamily("alice", key);

        assertThat(service.rotate(login.token(), other)).isEqualTo(new RefreshResult.Refused(Reason.WRONG_DPOP_KEY));
        assertThat(service.rotate(login.token())).isEqualTo(new RefreshResult.Refused(Reason.WRONG_DPOP_KEY));
        RefreshResult rotated = service.rotate(login.token(), key);

        assertThat(rotated).isInstanceOf(RefreshResult.Rotated.class);
        assertThat(((RefreshResult.Rotated) rotated).refreshToken().familyId()).isEqualTo(login.familyId());
    }

    @Test
    void startFamilyWhenThumbprintMalformedThenRefusedAndNothingStored() {
        assertThatThrownBy(() -> service.startFamily("alice", "not-a-thumbprint"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rotateWhenFamilyStartedWithALoginThenEveryRefreshCarriesThatLoginNotTheTimeOfTheRefresh() {
        UserAuthentication login = new UserAuthentication(TestTokens.NOW, "urn:test:acr:password");
        String token = service.startFamily("alice", null, login).token();
        clock.advance(Duration.ofMinutes(30));
        token = rotated(token);
        clock.advance(Duration.ofMinutes(30));

        RefreshResult result = service.rotate(token);

        assertThat(result)
                .isInstanceOfSatisfying(
                        RefreshResult.Rotated.class,
                        r -> assertThat(r.authentication()).isEqualTo(login));
    }

    @Test
    void rotateWhenFamilyStartedWithoutALoginThenNoAuthentication() {
        RefreshResult result = service.rotate(service.startFamily("alice").token());

        assertThat(result)
                .isInstanceOfSatisfying(
                        RefreshResult.Rotated.class,
                        r -> assertThat(r.authentication()).isNull());
    }

    @Test
    void userAuthenticationWhenAcrBlankOrTooLongThenRefused() {
        assertThatThrownBy(() -> new UserAuthentication(TestTokens.NOW, " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserAuthentication(TestTokens.NOW, "a".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
