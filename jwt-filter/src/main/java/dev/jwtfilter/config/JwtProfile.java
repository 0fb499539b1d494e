package dev.jwtfilter.config;

import java.util.Set;

/**
 * A token profile: rules a standard lays down for a kind of token, switched on with one setting
 * ({@code jwt.profile}) on top of the configured ones. Immutable.
 */
public enum JwtProfile {
    /** No profile: only the configured {@code typ} and claim rules apply (the default). */
    NONE(Set.of(), Set.of(), Set.of()),
    /**
     * JWT access tokens of RFC 9068: {@code typ} {@code at+jwt} (also written {@code application/at+jwt}, any
     * case; section 2.1 and 4) and the claims {@code iss}, {@code exp}, {@code aud}, {@code sub},
     * {@code client_id}, {@code iat} and {@code jti} (section 2.2), of which {@code sub}, {@code client_id} and
     * {@code jti} are non-blank strings (RFC 7519 section 4.1.2 and 4.1.7, RFC 8693 section 4.3).
     */
    RFC9068(
            Set.of("at+jwt"),
            Set.of("iss", "exp", "aud", "sub", "client_id", "iat", "jti"),
            Set.of("sub", "client_id", "jti"));

    private final Set<String> types;
    private final Set<String> requiredClaims;
    private final Set<String> stringClaims;

    JwtProfile(Set<String> types, Set<String> requiredClaims, Set<String> stringClaims) {
        this.types = types;
        this.requiredClaims = requiredClaims;
        this.stringClaims = stringClaims;
    }

    /** @return the only {@code typ} values accepted, and then required; empty when the profile sets no type rule */
    public Set<String> types() {
        return types;
    }

    /** @return the claims every token must carry under this profile */
    public Set<String> requiredClaims() {
        return requiredClaims;
    }

    /** @return the required claims that must also be strings with more than white space in them */
    public Set<String> stringClaims() {
        return stringClaims;
    }
}
