package dev.jwtfilter.config;

import java.util.Set;

/**
 * A token profile: rules a standard lays down for a kind of token, switched on with one setting
 * ({@code jwt.profile}) on top of the configured ones. Immutable.
 */
public enum JwtProfile {
    /** No profile: only the configured {@code typ} and claim rules apply (the default). */
    NONE(Set.of(), Set.of()),
    /**
     * JWT access tokens of RFC 9068: {@code typ} {@code at+jwt} (also written {@code application/at+jwt}, any
     * case; section 2.1 and 4) and the claims {@code iss}, {@code exp}, {@code aud}, {@code sub},
     * {@code client_id}, {@code iat} and {@code jti} (section 2.2).
     */
    RFC9068(Set.of("at+jwt"), Set.of("iss", "exp", "aud", "sub", "client_id", "iat", "jti"));

    private final Set<String> types;
    private final Set<String> requiredClaims;

    JwtProfile(Set<String> types, Set<String> requiredClaims) {
        this.types = types;
        this.requiredClaims = requiredClaims;
    }

    /** @return the only {@code typ} values accepted, and then required; empty when the profile sets no type rule */
    public Set<String> types() {
        return types;
    }

    /** @return the claims every token must carry under this profile */
    public Set<String> requiredClaims() {
        return requiredClaims;
    }
}
