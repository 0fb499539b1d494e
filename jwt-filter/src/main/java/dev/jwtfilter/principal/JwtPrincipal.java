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
 * or {@code sub} by default), its roles, and every verified claim. Immutable and thread safe; its
 * {@code toString()} shows the name only, never claims.
 */
public final class JwtPrincipal implements Principal, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String name;
    private final Set<String> roles;
    private final transient VerifiedJwt jwt;

    /**
     * @param name the principal name
     * @param roles the mapped roles
     * @param jwt the verified token the principal was made from
     */
    public JwtPrincipal(String name, Set<String> roles, VerifiedJwt jwt) {
        this.name = Objects.requireNonNull(name, "name");
        this.roles = Set.copyOf(roles);
        this.jwt = Objects.requireNonNull(jwt, "jwt");
    }

    @Override
    public String getName() {
        return name;
    }

    /** @return the roles (groups) after mapping, unmodifiable */
    public Set<String> getRoles() {
        return roles;
    }

    /** @return whether the principal has the role */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** @return every verified claim as JSON values */
    public Map<String, Object> getClaims() {
        return jwt.claims();
    }

    /** @return one claim's JSON value, if present */
    public Optional<Object> getClaim(String claimName) {
        return jwt.claim(claimName);
    }

    /** @return the verified token */
    public VerifiedJwt getJwt() {
        return jwt;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JwtPrincipal p && p.name.equals(name) && p.roles.equals(roles);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "JwtPrincipal[" + name + "]";
    }
}
