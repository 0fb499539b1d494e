package dev.jwtfilter.principal;

import dev.jwtfilter.verify.JwtVerificationException;
import dev.jwtfilter.verify.JwtVerificationException.Failure;
import dev.jwtfilter.verify.TrustedIssuer;
import dev.jwtfilter.verify.VerifiedJwt;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a verified token into a {@link JwtPrincipal}: the name is the configured name prefix (default
 * none) followed by the first non-blank string among the configured claims (MicroProfile JWT order by
 * default); the claims themselves stay as the token has them. Roles come from a dotted claim path whose value
 * (or a claim literally named so) is an array of strings or a space-separated string (as {@code scope} is), each with the configured
 * prefix. A token without a name, or with a roles claim of another type, is refused: fail closed.
 * Paths are split once at construction. Thread safe.
 */
public final class PrincipalMapping {
    private final List<String> nameClaims;
    private final String rolesClaim;
    private final List<String> rolesPath;
    private final String rolePrefix;
    private final String namePrefix;

    /**
     * Reads the name claims and prefix, the roles path and prefix of one trusted issuer.
     *
     * @param issuer the trusted issuer whose mapping rules to use
     */
    public PrincipalMapping(TrustedIssuer issuer) {
        this.nameClaims = issuer.principalClaims();
        this.rolesClaim = issuer.rolesClaim();
        this.rolesPath = List.of(rolesClaim.split("\\."));
        this.rolePrefix = issuer.rolePrefix();
        this.namePrefix = issuer.namePrefix();
    }

    /**
     * @param jwt the verified token
     * @return the principal for a verified token
     * @throws JwtVerificationException ({@link Failure#INVALID}) without a usable name or with malformed roles
     */
    public JwtPrincipal toPrincipal(VerifiedJwt jwt) throws JwtVerificationException {
        return new JwtPrincipal(name(jwt), roles(jwt), jwt);
    }

    private String name(VerifiedJwt jwt) throws JwtVerificationException {
        for (String claim : nameClaims) {
            String value = jwt.stringClaim(claim).orElse(null);
            if (value != null && !value.isBlank()) {
                return namePrefix + value;
            }
        }
        throw new JwtVerificationException(Failure.INVALID, "No principal name claim among " + nameClaims);
    }

    private Set<String> roles(VerifiedJwt jwt) throws JwtVerificationException {
        Object value = resolvePath(jwt.claims());
        Set<String> roles = new LinkedHashSet<>();
        if (value == null) {
            return roles;
        }
        if (value instanceof String text) {
            for (String role : text.split(" ")) {
                addRole(roles, role);
            }
            return roles;
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof String role)) {
                    throw new JwtVerificationException(Failure.INVALID, "Roles claim holds a non-string");
                }
                addRole(roles, role);
            }
            return roles;
        }
        throw new JwtVerificationException(Failure.INVALID, "Roles claim is neither a string nor an array");
    }

    private void addRole(Set<String> roles, String role) {
        if (!role.isEmpty()) {
            roles.add(rolePrefix.isEmpty() ? role : rolePrefix + role);
        }
    }

    private Object resolvePath(Map<String, Object> claims) throws JwtVerificationException {
        // A claim whose own name holds dots (https://example.com/roles) wins over the path reading.
        if (claims.containsKey(rolesClaim)) {
            return claims.get(rolesClaim);
        }
        Object current = claims;
        for (String segment : rolesPath) {
            if (current == null) {
                return null;
            }
            if (!(current instanceof Map<?, ?> map)) {
                throw new JwtVerificationException(Failure.INVALID, "Roles claim path crosses a non-object");
            }
            current = map.get(segment);
        }
        return current;
    }
}
