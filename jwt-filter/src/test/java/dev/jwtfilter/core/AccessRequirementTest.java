package dev.jwtfilter.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.principal.JwtPrincipal;
import dev.jwtfilter.verify.VerifiedJwt;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one access decision: every requirement against every kind of outcome. */
class AccessRequirementTest {
    private static final AuthenticationOutcome USER = authenticated("user");
    private static final AuthenticationOutcome FAILED = new AuthenticationOutcome.Failed(BearerError.EXPIRED_TOKEN);
    private static final AuthenticationOutcome NONE = AuthenticationOutcome.ANONYMOUS;

    private static AuthenticationOutcome authenticated(String role) {
        VerifiedJwt jwt = new VerifiedJwt(Map.of("sub", "alice", "exp", 4_000_000_000L), "RS256", null);
        return new AuthenticationOutcome.Authenticated(new JwtPrincipal("alice", Set.of(role), jwt));
    }

    @Test
    void refusalWhenPublicThenNothingIsRefusedNotEvenABadToken() {
        assertThat(AccessRequirement.PUBLIC.refusal(FAILED)).isEmpty();
        assertThat(AccessRequirement.PUBLIC.refusal(NONE)).isEmpty();
    }

    @Test
    void refusalWhenATokenWasRefusedThenItsOwnErrorWhateverTheRequirement() {
        for (AccessRequirement requirement : new AccessRequirement[] {
            AccessRequirement.ANONYMOUS,
            AccessRequirement.AUTHENTICATED,
            AccessRequirement.DENY_ALL,
            AccessRequirement.anyOf(Set.of("admin"))
        }) {
            assertThat(requirement.refusal(FAILED)).contains(BearerError.EXPIRED_TOKEN);
        }
    }

    @Test
    void refusalWhenNoTokenThenOnlyAnonymousPassesAndDenyAllIsAccessDenied() {
        assertThat(AccessRequirement.ANONYMOUS.refusal(NONE)).isEmpty();
        assertThat(AccessRequirement.AUTHENTICATED.refusal(NONE)).contains(BearerError.MISSING_TOKEN);
        assertThat(AccessRequirement.anyOf(Set.of("admin")).refusal(NONE)).contains(BearerError.MISSING_TOKEN);
        assertThat(AccessRequirement.DENY_ALL.refusal(NONE)).contains(BearerError.ACCESS_DENIED);
    }

    @Test
    void refusalWhenAuthenticatedThenRolesDecide() {
        assertThat(AccessRequirement.AUTHENTICATED.refusal(USER)).isEmpty();
        assertThat(AccessRequirement.anyOf(Set.of("admin", "user")).refusal(USER))
                .isEmpty();
        assertThat(AccessRequirement.anyOf(Set.of("admin")).refusal(USER))
                .isEqualTo(Optional.of(BearerError.INSUFFICIENT_ROLE));
        assertThat(AccessRequirement.anyOf(Set.of()).refusal(USER)).contains(BearerError.ACCESS_DENIED);
        assertThat(AccessRequirement.anyOf(Set.of("**")).refusal(USER)).isEmpty();
    }
}
