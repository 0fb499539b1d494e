package dev.jwtfilter.core;

import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.principal.JwtPrincipal;
import java.util.Optional;
import java.util.Set;

/**
 * What a request needs to pass: nothing (a public path, where even a bad token is ignored), nothing but
 * a good token if one is sent (anonymous allowed), an authenticated caller, one of some roles, or
 * nothing at all will do. {@link #refusal} is the one access decision the filter and the mechanism both
 * take. Immutable.
 *
 * @param kind the kind of requirement
 * @param roles for {@link Kind#ROLES}, the roles of which the caller needs one ({@code **}: any caller)
 */
public record AccessRequirement(Kind kind, Set<String> roles) {
    /** A public path: tokens are verified if sent, but failures are ignored. */
    public static final AccessRequirement PUBLIC = new AccessRequirement(Kind.PUBLIC, Set.of());
    /** Anonymous callers pass; a token that is sent must be valid. */
    public static final AccessRequirement ANONYMOUS = new AccessRequirement(Kind.ANONYMOUS, Set.of());
    /** Any authenticated caller. */
    public static final AccessRequirement AUTHENTICATED = new AccessRequirement(Kind.AUTHENTICATED, Set.of());
    /** No caller at all ({@code @DenyAll}). */
    public static final AccessRequirement DENY_ALL = new AccessRequirement(Kind.DENY_ALL, Set.of());

    /** The kinds of requirement. */
    public enum Kind {
        /** Public path. */
        PUBLIC,
        /** Anonymous allowed. */
        ANONYMOUS,
        /** Authentication required. */
        AUTHENTICATED,
        /** One of the roles required. */
        ROLES,
        /** Always refused. */
        DENY_ALL
    }

    /**
     * Copies the roles.
     *
     * @param kind the kind of requirement
     * @param roles for {@link Kind#ROLES}, the roles of which the caller needs one ({@code **}: any caller)
     */
    public AccessRequirement {
        roles = Set.copyOf(roles);
    }

    /**
     * @param roles the roles of which the caller needs one ({@code **}: any caller)
     * @return a requirement for any of the roles; an empty set denies everyone, as nobody has a role of none
     */
    public static AccessRequirement anyOf(Set<String> roles) {
        if (roles.isEmpty()) {
            return DENY_ALL;
        }
        return roles.contains("**") ? AUTHENTICATED : new AccessRequirement(Kind.ROLES, roles);
    }

    /**
     * The access decision: whether an authentication outcome meets this requirement; a refusal for a missing role
     * names no {@code scope} (see {@link #refusal(AuthenticationOutcome, RoleScopes)}).
     *
     * @param outcome the authentication outcome of the request
     * @return the refusal to answer with, or empty to let the request through
     */
    public Optional<BearerError> refusal(AuthenticationOutcome outcome) {
        return refusal(outcome, RoleScopes.NONE);
    }

    /**
     * The access decision, a refusal for a missing role naming the {@code scope} that would be enough when the
     * caller's roles come from a scope claim (RFC 6750 section 3).
     *
     * @param outcome the authentication outcome of the request
     * @param scopes which issuers' roles are scopes, and their role prefixes
     * @return the refusal to answer with, or empty to let the request through
     */
    public Optional<BearerError> refusal(AuthenticationOutcome outcome, RoleScopes scopes) {
        if (kind == Kind.PUBLIC) {
            return Optional.empty();
        }
        if (outcome instanceof AuthenticationOutcome.Failed failed) {
            return Optional.of(failed.error());
        }
        if (kind == Kind.DENY_ALL) {
            return Optional.of(BearerError.ACCESS_DENIED);
        }
        if (!(outcome instanceof AuthenticationOutcome.Authenticated authenticated)) {
            return kind == Kind.ANONYMOUS ? Optional.empty() : Optional.of(BearerError.MISSING_TOKEN);
        }
        return hasAnyRole(authenticated.principal())
                ? Optional.empty()
                : Optional.of(scopes.insufficientRole(authenticated.principal(), roles));
    }

    private boolean hasAnyRole(JwtPrincipal principal) {
        if (kind != Kind.ROLES) {
            return true;
        }
        for (String role : roles) {
            if (principal.hasRole(role)) {
                return true;
            }
        }
        return false;
    }
}
