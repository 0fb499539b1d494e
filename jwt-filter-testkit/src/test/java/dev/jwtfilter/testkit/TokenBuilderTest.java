package dev.jwtfilter.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwtfilter.core.AuthenticationOutcome;
import dev.jwtfilter.core.JwtAuthenticator;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.principal.JwtPrincipal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenBuilderTest {
    private static final JwtTestKit KEYCLOAK_LIKE = JwtTestKit.rs256().rolesClaim("realm_access.roles");
    private static final JwtTestKit PLAIN = JwtTestKit.es256();

    private static AuthenticationOutcome authenticate(JwtTestKit kit, String token) {
        return new JwtAuthenticator(kit.config().build()).authenticate(token);
    }

    private static JwtPrincipal principal(JwtTestKit kit, String token) {
        AuthenticationOutcome outcome = authenticate(kit, token);
        assertThat(outcome).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        return ((AuthenticationOutcome.Authenticated) outcome).principal();
    }

    private static String payload(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    @Test
    void rolesWhenRolesClaimIsADottedPathThenNestedWhereTheConfigurationReadsThem() {
        String token = KEYCLOAK_LIKE
                .token()
                .claim("realm_access", Map.of("other", "kept"))
                .roles("admin")
                .sign();

        assertThat(payload(token)).contains("\"realm_access\":{\"other\":\"kept\",\"roles\":[\"admin\"]}");
        assertThat(principal(KEYCLOAK_LIKE, token).getRoles()).containsExactly("admin");
    }

    @Test
    void claimWhenInstantThenNumericDateSeconds() {
        String token = PLAIN.token()
                .claim("auth_time", Instant.ofEpochSecond(1_700_000_000L))
                .sign();

        assertThat(payload(token)).contains("\"auth_time\":1700000000");
    }

    @Test
    void audienceWhenSeveralThenArrayAcceptedWhenOneMatches() {
        String token =
                PLAIN.token().audience("other-api", JwtTestKit.DEFAULT_AUDIENCE).sign();

        assertThat(payload(token)).contains("\"aud\":[\"other-api\",\"test-api\"]");
        assertThat(authenticate(PLAIN, token)).isInstanceOf(AuthenticationOutcome.Authenticated.class);
    }

    @Test
    void withoutClaimWhenNameClaimRemovedThenRefusedByThePrincipalMapping() {
        assertThat(authenticate(PLAIN, PLAIN.token().withoutClaim("sub").sign()))
                .isEqualTo(new AuthenticationOutcome.Failed(BearerError.INVALID_TOKEN));
    }

    @Test
    void headerWhenTypRemovedThenStillAcceptedButAlgCannotBeChanged() {
        assertThat(authenticate(PLAIN, PLAIN.token().type(null).sign()))
                .isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThatThrownBy(() -> PLAIN.token().header("alg", "HS256"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("withAlgNone");
    }

    @Test
    void rolesWhenGivenTwiceThenTheLastWinsAndNoneIsAnEmptyArray() {
        assertThat(principal(PLAIN, PLAIN.token().roles("admin").roles("user").sign())
                        .getRoles())
                .isEqualTo(Set.of("user"));
        assertThat(payload(PLAIN.token().roles().sign())).contains("\"groups\":[]");
    }
}
