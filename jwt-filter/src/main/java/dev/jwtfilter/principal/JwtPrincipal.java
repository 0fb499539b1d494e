package dev.jwtfilter.principal;

import dev.jwtfilter.verify.VerifiedJwt;
import java.io.Serial;
import java.io.Serializable;
import java.security.Principal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The caller authenticated by a verified JWT: its name (from {@code upn}, {@code preferred_username}
 * or {@code sub} by default, after the issuer's name prefix), its issuer, its roles, and every verified
 * claim. Two principals are equal when they have the same issuer ({@code iss}), the same name and the same
 * roles: the same caller with the same authority, whichever of its tokens made them; principals of two
 * issuers are never equal, even with the same name. Immutable and thread safe; its {@code toString()}
 * shows the name only, never claims.
 */
public final class JwtPrincipal implements Principal, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The principal name. */
    private final String name;
    /** The verified {@code iss} of the token, or null if it had none. */
    private final String issuer;
    /** The mapped roles. */
    private final Set<String> roles;

    private final transient VerifiedJwt jwt;

    /**
     * @param name the principal name
     * @param roles the mapped roles
     * @param jwt the verified token the principal was made from; its {@code iss} is the principal's issuer
     */
    public JwtPrincipal(String name, Set<String> roles, VerifiedJwt jwt) {
        this.name = Objects.requireNonNull(name, "name");
        this.roles = Set.copyOf(roles);
        this.jwt = Objects.requireNonNull(jwt, "jwt");
        this.issuer = jwt.issuer().orElse(null);
    }

    @Override
    public String getName() {
        return name;
    }

    /** @return the verified {@code iss} of the token, which together with the name identifies the caller; null if it had none */
    public String getIssuer() {
        return issuer;
    }

    /** @return the roles (groups) after mapping, unmodifiable */
    public Set<String> getRoles() {
        return roles;
    }

    /**
     * @param role the role name, as mapped (prefix included)
     * @return whether the principal has the role
     */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** @return every verified claim as JSON values */
    public Map<String, Object> getClaims() {
        return jwt.claims();
    }

    /**
     * @param claimName the claim name
     * @return one claim's JSON value, if present
     */
    public Optional<Object> getClaim(String claimName) {
        return jwt.claim(claimName);
    }

    /** @return the verified token */
    public VerifiedJwt getJwt() {
        return jwt;
    }

    /** @return whether the other is a principal of the same issuer with the same name and roles */
    @Override
    public boolean equals(Object other) {
        return other instanceof JwtPrincipal p
                && Objects.equals(p.issuer, issuer)
                && p.name.equals(name)
                && p.roles.equals(roles);
    }

    @Override
    public int hashCode() {
        return Objects.hash(issuer, name);
    }

    @Override
    public String toString() {
        return "JwtPrincipal[" + name + "]";
    }
}
