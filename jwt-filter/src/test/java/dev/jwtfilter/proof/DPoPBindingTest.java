package dev.jwtfilter.proof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.verify.VerifiedJwt;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DPoPBindingTest {
    private static final String JKT = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

    private static VerifiedJwt token(Map<String, Object> claims) {
        return new VerifiedJwt(claims, "RS256", null);
    }

    @Test
    void matchesWhenCnfJktEqualsTheThumbprintThenTrue() {
        VerifiedJwt token = token(Map.of("sub", "alice", "cnf", Map.of("jkt", JKT)));

        assertThat(DPoPBinding.isBound(token)).isTrue();
        assertThat(DPoPBinding.boundThumbprint(token)).contains(JKT);
        assertThat(DPoPBinding.matches(token, JKT)).isTrue();
    }

    @Test
    void matchesWhenCnfJktDiffersThenFalse() {
        VerifiedJwt token = token(Map.of("cnf", Map.of("jkt", JKT)));

        assertThat(DPoPBinding.matches(token, JKT.substring(1) + "A")).isFalse();
        assertThat(DPoPBinding.matches(token, null)).isFalse();
    }

    @Test
    void matchesWhenTokenUnboundThenFalse() {
        VerifiedJwt bearer = token(Map.of("sub", "alice"));

        assertThat(DPoPBinding.isBound(bearer)).isFalse();
        assertThat(DPoPBinding.matches(bearer, JKT)).isFalse();
    }

    @Test
    void boundThumbprintWhenCnfMalformedThenEmpty() {
        assertThat(DPoPBinding.boundThumbprint(token(Map.of("cnf", JKT)))).isEmpty();
        assertThat(DPoPBinding.boundThumbprint(token(Map.of("cnf", Map.of("jkt", 42)))))
                .isEmpty();
        assertThat(DPoPBinding.boundThumbprint(token(Map.of("cnf", Map.of("x5t#S256", JKT)))))
                .isEmpty();
    }
}
