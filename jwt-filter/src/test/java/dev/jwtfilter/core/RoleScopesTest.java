package dev.jwtfilter.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.principal.JwtPrincipal;
import dev.jwtfilter.verify.VerifiedJwt;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code scope} of a 403 for a missing role (RFC 6750 section 3), through the one access decision. */
class RoleScopesTest {
    private static final String PARTNER = "https://partner.example";

    /** Our own issuer reads roles from {@code groups}; the partner's from {@code scp}, with a prefix. */
    private static final JwtConfig CONFIG = TestTokens.config()
            .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
            .rolePrefix("SCOPE_")
            .trustedIssuer(
                    "partner",
                    b -> b.issuer(PARTNER)
                            .audiences(TestTokens.AUDIENCE)
                            .jwkSet(TestKeys.publicJwks(TestKeys.RSA_OTHER))
                            .rolesClaim("scp"))
            .build();

    private static final RoleScopes SCOPES = RoleScopes.of(CONFIG.trustedIssuers());

    private static AuthenticationOutcome caller(String issuer, String... roles) {
        VerifiedJwt jwt = new VerifiedJwt(Map.of("iss", issuer, "sub", "alice", "exp", 4_000_000_000L), "RS256", null);
        return new AuthenticationOutcome.Authenticated(new JwtPrincipal("alice", Set.of(roles), jwt));
    }

    private static String scopeOf(AccessRequirement requirement, AuthenticationOutcome outcome) {
        BearerError refusal = requirement.refusal(outcome, SCOPES).orElseThrow();
        assertThat(refusal.code()).isEqualTo(BearerError.INSUFFICIENT_ROLE.code());
        assertThat(refusal.description()).isEqualTo(BearerError.INSUFFICIENT_ROLE.description());
        return refusal.parameters().get("scope");
    }

    @Test
    void refusalWhenRolesComeFromAScopeClaimThenScopeNamesTheRequiredRolesWithoutPrefix() {
        AccessRequirement requirement = AccessRequirement.anyOf(Set.of("SCOPE_orders:write", "SCOPE_orders:admin"));

        assertThat(scopeOf(requirement, caller(PARTNER, "SCOPE_orders:read"))).isEqualTo("orders:admin orders:write");
    }

    @Test
    void refusalWhenRolesComeFromGroupsThenNoScope() {
        AccessRequirement requirement = AccessRequirement.anyOf(Set.of("SCOPE_orders:write"));

        assertThat(requirement.refusal(caller(TestTokens.ISSUER, "SCOPE_orders:read"), SCOPES))
                .contains(BearerError.INSUFFICIENT_ROLE);
    }

    @Test
    void refusalWhenARoleCannotBeAScopeTokenThenItIsLeftOutAndNoneLeftMeansNoScope() {
        AuthenticationOutcome reader = caller(PARTNER, "SCOPE_orders:read");

        assertThat(scopeOf(
                        AccessRequirement.anyOf(
                                Set.of("SCOPE_orders:write", "admin", "SCOPE_", "SCOPE_a b", "SCOPE_é")),
                        reader))
                .isEqualTo("orders:write");
        assertThat(AccessRequirement.anyOf(Set.of("admin", "SCOPE_a\"b", "SCOPE_a\\b"))
                        .refusal(reader, SCOPES))
                .contains(BearerError.INSUFFICIENT_ROLE);
        assertThat(new AccessRequirement(AccessRequirement.Kind.ROLES, Set.of("**", "SCOPE_x")).refusal(reader, SCOPES))
                .hasValueSatisfying(refusal -> assertThat(refusal.parameters()).containsEntry("scope", "x"));
    }

    @Test
    void refusalWhenNoScopesGivenOrNotARoleRefusalThenAsBefore() {
        AuthenticationOutcome reader = caller(PARTNER, "SCOPE_orders:read");

        assertThat(AccessRequirement.anyOf(Set.of("SCOPE_orders:write")).refusal(reader))
                .contains(BearerError.INSUFFICIENT_ROLE);
        assertThat(AccessRequirement.DENY_ALL.refusal(reader, SCOPES)).contains(BearerError.ACCESS_DENIED);
        assertThat(AccessRequirement.anyOf(Set.of("SCOPE_orders:read")).refusal(reader, SCOPES))
                .isEmpty();
        assertThat(AccessRequirement.anyOf(Set.of("SCOPE_orders:write"))
                        .refusal(AuthenticationOutcome.ANONYMOUS, SCOPES))
                .contains(BearerError.MISSING_TOKEN);
    }

    @Test
    void ofWhenTheClaimIsScopeOrScpThenBothCountAndNothingElse() {
        for (String claim : List.of("scope", "scp")) {
            RoleScopes scopes = RoleScopes.of(TestTokens.config()
                    .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                    .rolesClaim(claim)
                    .build()
                    .trustedIssuers());
            assertThat(scopes.insufficientRole(principal(TestTokens.ISSUER), Set.of("orders:write"))
                            .parameters())
                    .containsEntry("scope", "orders:write");
        }
        RoleScopes nested = RoleScopes.of(TestTokens.config()
                .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .rolesClaim("realm_access.scope")
                .build()
                .trustedIssuers());
        assertThat(nested.insufficientRole(principal(TestTokens.ISSUER), Set.of("orders:write")))
                .isEqualTo(BearerError.INSUFFICIENT_ROLE);
    }

    private static JwtPrincipal principal(String issuer) {
        return ((AuthenticationOutcome.Authenticated) caller(issuer)).principal();
    }
}
