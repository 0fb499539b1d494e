package dev.jwtfilter.revoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.TestTokens;
import dev.jwtfilter.verify.VerifiedJwt;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevocationListCheckTest {
    private final InMemoryRevocationList list = new InMemoryRevocationList(TestTokens.CLOCK);

    private static VerifiedJwt jwt(Object jti) {
        return jwt(TestTokens.ISSUER, jti);
    }

    private static VerifiedJwt jwt(String issuer, Object jti) {
        Map<String, Object> claims =
                new HashMap<>(Map.of("sub", "alice", "exp", TestTokens.NOW.getEpochSecond() + 300));
        if (issuer != null) {
            claims.put("iss", issuer);
        }
        if (jti != null) {
            claims.put("jti", jti);
        }
        return new VerifiedJwt(claims, "RS256", null);
    }

    @Test
    void isRevokedWhenJtiOnTheListThenTrueAndOtherwiseFalse() {
        RevocationListCheck check = new RevocationListCheck(list, true);
        list.revoke(TestTokens.ISSUER, "session-1", Instant.MAX);

        assertThat(check.isRevoked(jwt("session-1"))).isTrue();
        assertThat(check.isRevoked(jwt("session-2"))).isFalse();
    }

    @Test
    void isRevokedWhenTheSameJtiWasRevokedForAnotherIssuerThenNotRevoked() {
        RevocationListCheck check = new RevocationListCheck(list, true);
        list.revoke("https://sso.partner.example", "session-1", Instant.MAX);

        assertThat(check.isRevoked(jwt("session-1"))).isFalse();
        assertThat(check.isRevoked(jwt("https://sso.partner.example", "session-1")))
                .isTrue();
    }

    @Test
    void isRevokedWhenNoIssuerThenTreatedAsATokenThatCannotBeRevoked() {
        assertThat(new RevocationListCheck(list, true).isRevoked(jwt(null, "session-1")))
                .isTrue();
        assertThat(new RevocationListCheck(list, false).isRevoked(jwt(null, "session-1")))
                .isFalse();
    }

    @Test
    void isRevokedWhenNoUsableJtiAndJtiRequiredThenRefused() {
        RevocationListCheck check = new RevocationListCheck(list, true);

        assertThat(check.isRevoked(jwt(null))).isTrue();
        assertThat(check.isRevoked(jwt(" "))).isTrue();
        assertThat(check.isRevoked(jwt(42))).isTrue();
    }

    @Test
    void isRevokedWhenNoJtiAndJtiNotRequiredThenAccepted() {
        assertThat(new RevocationListCheck(list, false).isRevoked(jwt(null))).isFalse();
    }
}
