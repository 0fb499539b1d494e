package dev.jwtfilter.verify;

import java.util.Locale;

/**
 * How the tokens of one trusted issuer may be presented (RFC 9449 section 7): as bearer tokens only, as bearer or
 * DPoP-bound tokens, or only as DPoP-bound tokens with a proof. Whatever the policy, a token bound to a DPoP key
 * ({@code cnf.jkt}) is never accepted without its proof (section 7.2).
 */
public enum DPoPPolicy {
    /** {@code Authorization: Bearer} only (the default); a DPoP-bound token is refused. */
    BEARER,
    /** Both: unbound tokens as {@code Bearer}, DPoP-bound tokens only as {@code DPoP} with a proof. */
    DPOP_ALLOWED,
    /** Only DPoP-bound tokens, as {@code DPoP} with a proof; a bearer token is refused. */
    DPOP_REQUIRED;

    /** @return the name in configuration: {@code bearer}, {@code dpop-allowed} or {@code dpop-required} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return whether DPoP-bound tokens with proofs are accepted */
    public boolean acceptsDPoP() {
        return this != BEARER;
    }

    /** @return whether unbound tokens are accepted as bearer tokens */
    public boolean acceptsBearer() {
        return this != DPOP_REQUIRED;
    }

    /**
     * @param name a configuration value, in any case
     * @return the policy of that name
     * @throws IllegalArgumentException naming the accepted values
     */
    public static DPoPPolicy fromWireName(String name) {
        for (DPoPPolicy policy : values()) {
            if (policy.wireName().equalsIgnoreCase(name.strip())) {
                return policy;
            }
        }
        throw new IllegalArgumentException("must be one of bearer, dpop-allowed, dpop-required");
    }
}
