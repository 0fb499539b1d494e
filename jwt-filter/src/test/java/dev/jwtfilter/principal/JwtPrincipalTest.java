package dev.jwtfilter.principal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.verify.VerifiedJwt;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What makes two principals the same caller: issuer, name and roles, never the name alone. */
class JwtPrincipalTest {
    private static final String OWN = "https://login.example.com";
    private static final String PARTNER = "https://sso.partner.example";

    private static JwtPrincipal principal(String issuer, String name, Set<String> roles, String jti) {
        return new JwtPrincipal(
                name,
                roles,
                new VerifiedJwt(Map.of("iss", issuer, "sub", name, "jti", jti, "exp", 2_000_000_000L), "RS256", null));
    }

    @Test
    void equalsWhenSameNameFromTwoIssuersThenNotEqual() {
        JwtPrincipal own = principal(OWN, "alice", Set.of("user"), "1");
        JwtPrincipal partner = principal(PARTNER, "alice", Set.of("user"), "1");

        assertThat(own).isNotEqualTo(partner);
        assertThat(partner).isNotEqualTo(own);
        assertThat(own.getName()).isEqualTo(partner.getName());
        assertThat(own.getIssuer()).isEqualTo(OWN);
        assertThat(partner.getIssuer()).isEqualTo(PARTNER);
    }

    @Test
    void equalsWhenSameIssuerNameAndRolesFromTwoTokensThenEqualWithTheSameHashCode() {
        JwtPrincipal first = principal(OWN, "alice", Set.of("user", "admin"), "1");
        JwtPrincipal second = principal(OWN, "alice", Set.of("admin", "user"), "2");

        assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
    }

    @Test
    void equalsWhenSameIssuerAndNameButOtherRolesThenNotEqual() {
        assertThat(principal(OWN, "alice", Set.of("user"), "1"))
                .isNotEqualTo(principal(OWN, "alice", Set.of("admin"), "1"));
    }

    @Test
    void equalsWhenOtherNameOrNotAPrincipalThenNotEqual() {
        JwtPrincipal alice = principal(OWN, "alice", Set.of(), "1");

        assertThat(alice).isNotEqualTo(principal(OWN, "bob", Set.of(), "1"));
        assertThat(alice).isNotEqualTo("alice");
        assertThat(alice).isNotEqualTo(null);
    }
}
