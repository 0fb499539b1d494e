package dev.jwtfilter.proof;

import dev.jwtfilter.verify.VerifiedJwt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * The binding of an access token to a DPoP key (RFC 9449 section 6.1): the token's {@code cnf.jkt}, the RFC 7638
 * SHA-256 thumbprint of the key whose proofs must come with it. A bound token is never accepted as a plain bearer
 * token (section 7.2): {@link #isBound(VerifiedJwt)} tells the caller to demand a proof. Stateless.
 */
public final class DPoPBinding {
    private DPoPBinding() {}

    /**
     * @param token a verified access token
     * @return its {@code cnf.jkt}, when {@code cnf} is an object holding {@code jkt} as a string
     */
    public static Optional<String> boundThumbprint(VerifiedJwt token) {
        if (token.claim("cnf").orElse(null) instanceof Map<?, ?> cnf && cnf.get("jkt") instanceof String jkt) {
            return Optional.of(jkt);
        }
        return Optional.empty();
    }

    /**
     * @param token a verified access token
     * @return whether it is bound to a DPoP key, and so must never be accepted without a proof
     */
    public static boolean isBound(VerifiedJwt token) {
        return boundThumbprint(token).isPresent();
    }

    /**
     * @param token a verified access token
     * @return whether its {@code cnf} names a DPoP key at all ({@code jkt} present, whatever its value): such a
     *     token is never accepted as a plain bearer token, not even when its {@code jkt} is malformed
     */
    public static boolean claimsProof(VerifiedJwt token) {
        return token.claim("cnf").orElse(null) instanceof Map<?, ?> cnf && cnf.containsKey("jkt");
    }

    /**
     * @param token a verified access token
     * @param thumbprint the thumbprint of a verified proof's key ({@link VerifiedDPoPProof#thumbprint()})
     * @return whether the token is bound to exactly that key; {@code false} for an unbound token
     */
    public static boolean matches(VerifiedJwt token, String thumbprint) {
        return thumbprint != null
                && boundThumbprint(token)
                        .map(jkt -> sameThumbprint(jkt, thumbprint))
                        .orElse(false);
    }

    /** Compared in constant time, as any value an attacker may probe. */
    static boolean sameThumbprint(String expected, String actual) {
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }
}
