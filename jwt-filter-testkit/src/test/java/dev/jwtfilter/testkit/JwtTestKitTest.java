package dev.jwtfilter.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.config.JwtConfigParser;
import dev.jwtfilter.core.AuthenticationOutcome;
import dev.jwtfilter.core.JwtAuthenticator;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.principal.JwtPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kit registered in a static field, its tokens judged by the real {@link JwtAuthenticator}. */
class JwtTestKitTest {
    @RegisterExtension
    static JwtTestKit jwt = JwtTestKit.rs256().issuer("https://test").audience("api");

    private static final AuthenticationOutcome INVALID = new AuthenticationOutcome.Failed(BearerError.INVALID_TOKEN);
    private final JwtAuthenticator authenticator =
            new JwtAuthenticator(jwt.config().cacheEnabled(false).build());

    @Test
    void signWhenDefaultsThenAcceptedByTheRealAuthenticator() {
        JwtPrincipal principal = principal(authenticator, jwt.token().sign());

        assertThat(principal.getName()).isEqualTo(TokenBuilder.DEFAULT_SUBJECT);
        assertThat(principal.getRoles()).isEmpty();
        assertThat(principal.getClaims()).containsEntry("iss", "https://test").containsKeys("jti", "iat", "exp");
    }

    @Test
    void signWhenSubjectRolesAndClaimsChosenThenPrincipalCarriesThem() {
        JwtPrincipal principal = principal(
                authenticator,
                jwt.token()
                        .subject("alice")
                        .roles("admin", "user")
                        .claim("tenant", "t-1")
                        .expiresIn(Duration.ofHours(1))
                        .sign());

        assertThat(principal.getName()).isEqualTo("alice");
        assertThat(principal.getRoles()).containsExactlyInAnyOrder("admin", "user");
        assertThat(principal.getClaim("tenant")).contains("t-1");
    }

    @Test
    void signedByAnotherKeyWhenSameKidThenRefused() {
        assertThat(authenticator.authenticate(
                        jwt.token().subject("alice").roles("admin").signedByAnotherKey()))
                .isEqualTo(INVALID);
    }

    @Test
    void withAlgNoneWhenVerifiedThenRefused() {
        String unsigned = jwt.token().roles("admin").withAlgNone();

        assertThat(unsigned).endsWith(".");
        assertThat(authenticator.authenticate(unsigned)).isEqualTo(INVALID);
    }

    @Test
    void expiredWhenVerifiedThenRefusedAsExpired() {
        assertThat(authenticator.authenticate(jwt.token().expired().sign()))
                .isEqualTo(new AuthenticationOutcome.Failed(BearerError.EXPIRED_TOKEN));
    }

    @Test
    void signWhenNotYetValidOrForeignAudienceOrIssuerOrNoExpThenRefused() {
        assertThat(authenticator.authenticate(jwt.token()
                        .notBefore(Instant.now().plus(Duration.ofHours(1)))
                        .sign()))
                .isEqualTo(INVALID);
        assertThat(authenticator.authenticate(jwt.token().audience("other-api").sign()))
                .isEqualTo(INVALID);
        assertThat(authenticator.authenticate(jwt.token().issuer("https://evil").sign()))
                .isEqualTo(INVALID);
        assertThat(authenticator.authenticate(jwt.token().withoutClaim("exp").sign()))
                .isEqualTo(INVALID);
    }

    @Test
    void headerWhenTypeOrUnknownCriticalParameterSetThenTheRealRulesApply() {
        JwtAuthenticator accessTokensOnly = new JwtAuthenticator(
                jwt.config().acceptedTypes(List.of("at+jwt")).build());

        assertThat(accessTokensOnly.authenticate(jwt.token().type("at+jwt").sign()))
                .isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(accessTokensOnly.authenticate(jwt.token().sign())).isEqualTo(INVALID);
        assertThat(authenticator.authenticate(jwt.token()
                        .header("crit", List.of("x-unknown"))
                        .header("x-unknown", 1)
                        .sign()))
                .isEqualTo(INVALID);
    }

    @Test
    void parameterWhenDeclaredThenTheRegisteredKitIsInjected(JwtTestKit injected) {
        assertThat(injected).isSameAs(jwt);
    }

    @Test
    void keyMaterialWhenExportedThenPublicOnly() {
        assertThat(jwt.jwkSetJson())
                .contains("\"kid\":\"jwt-test-kit\"", "\"alg\":\"RS256\"", "\"n\":")
                .doesNotContain("\"d\":", "\"p\":");
        assertThat(jwt.publicKeyPem())
                .startsWith("-----BEGIN PUBLIC KEY-----\n")
                .endsWith("-----END PUBLIC KEY-----\n");
        assertThat(jwt.algorithm()).isEqualTo("RS256");
        assertThat(jwt.keyId()).isEqualTo("jwt-test-kit");
    }

    @Test
    void servletContextParamsWhenParsedByTheFiltersParserThenTokensVerify() {
        JwtAuthenticator fromParams = new JwtAuthenticator(new JwtConfigParser().parse(jwt.servletContextParams()));

        assertThat(jwt.servletContextParams())
                .containsOnlyKeys("jwt.issuer", "jwt.audiences", "jwt.public-key", "jwt.algorithms", "jwt.roles-claim")
                .containsEntry("jwt.algorithms", "RS256");
        assertThat(fromParams.authenticate(jwt.token().roles("admin").sign()))
                .isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(fromParams.authenticate(jwt.token().signedByAnotherKey())).isEqualTo(INVALID);
    }

    @Test
    void clockWhenFixedThenTokensAndConfigurationShareIt() {
        Instant past = Instant.parse("2020-01-01T00:00:00Z");
        JwtTestKit fixed = JwtTestKit.es256().clock(Clock.fixed(past, ZoneOffset.UTC));
        JwtAuthenticator onFixedClock = new JwtAuthenticator(fixed.config().build());

        String token = fixed.token().sign();

        assertThat(principal(onFixedClock, token).getClaims()).containsEntry("iat", past.getEpochSecond());
        assertThat(authenticator.authenticate(fixed.token().sign()))
                .isEqualTo(INVALID); // another key, and long expired
    }

    private static JwtPrincipal principal(JwtAuthenticator authenticator, String token) {
        AuthenticationOutcome outcome = authenticator.authenticate(token);
        assertThat(outcome).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        return ((AuthenticationOutcome.Authenticated) outcome).principal();
    }
}
