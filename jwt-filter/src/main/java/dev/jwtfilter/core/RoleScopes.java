package dev.jwtfilter.core;

import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.principal.JwtPrincipal;
import dev.jwtfilter.verify.TrustedIssuer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The {@code scope} a 403 for a missing role names (RFC 6750 section 3: the scopes that would be enough), so that a
 * client knows what to ask for. Only for callers whose trusted issuer reads roles from a scope claim
 * ({@code jwt.roles-claim} {@code scope} or {@code scp}): the required roles, each without the issuer's role prefix
 * (the token's scope values do not carry it), sorted, space-separated. A required role that does not start with the
 * prefix, {@code **}, or one that is not an RFC 6749 scope-token (section 3.3: {@code %x21 / %x23-5B / %x5D-7E}) is
 * left out; when none is left, the refusal has no {@code scope}. Names only configured roles, never a token value.
 * Immutable and thread safe.
 */
public final class RoleScopes {
    /** Names no scope: every refusal for a missing role is {@link BearerError#INSUFFICIENT_ROLE} as it is. */
    public static final RoleScopes NONE = new RoleScopes(Map.of());

    /** The role prefix of each trusted issuer ({@code iss}) whose roles are scopes. */
    private final Map<String, String> prefixes;

    private RoleScopes(Map<String, String> prefixes) {
        this.prefixes = prefixes;
    }

    /**
     * @param issuers the trusted issuers, each with its own roles claim and role prefix
     * @return the scopes of the issuers that read roles from {@code scope} or {@code scp}
     */
    public static RoleScopes of(Collection<TrustedIssuer> issuers) {
        Map<String, String> prefixes = new HashMap<>();
        for (TrustedIssuer issuer : issuers) {
            if (issuer.rolesClaim().equals("scope") || issuer.rolesClaim().equals("scp")) {
                prefixes.put(issuer.issuer(), issuer.rolePrefix());
            }
        }
        return new RoleScopes(Map.copyOf(prefixes));
    }

    /**
     * @param principal the authenticated caller who has none of the roles
     * @param required the roles of which one would have been enough, as mapped (prefix included)
     * @return {@link BearerError#INSUFFICIENT_ROLE}, with {@code scope} when the caller's issuer reads roles from a
     *     scope claim and some required role is a scope-token
     */
    public BearerError insufficientRole(JwtPrincipal principal, Collection<String> required) {
        String prefix = principal.getIssuer() == null ? null : prefixes.get(principal.getIssuer());
        return prefix == null
                ? BearerError.INSUFFICIENT_ROLE
                : scope(prefix, required)
                        .map(scope -> BearerError.INSUFFICIENT_ROLE.withParameter("scope", scope))
                        .orElse(BearerError.INSUFFICIENT_ROLE);
    }

    /**
     * @param prefix the role prefix to remove
     * @param roles the required roles, prefix included
     * @return the scope-tokens among the roles without the prefix, sorted and space-separated, if any
     */
    static Optional<String> scope(String prefix, Collection<String> roles) {
        TreeSet<String> scopes = new TreeSet<>();
        for (String role : roles) {
            if (role.startsWith(prefix) && !role.equals("**") && scopeToken(role.substring(prefix.length()))) {
                scopes.add(role.substring(prefix.length()));
            }
        }
        return scopes.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", scopes));
    }

    /** RFC 6749 section 3.3: {@code scope-token = 1*NQCHAR}, {@code NQCHAR = %x21 / %x23-5B / %x5D-7E}. */
    static boolean scopeToken(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
