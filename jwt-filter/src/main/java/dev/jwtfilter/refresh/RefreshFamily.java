package dev.jwtfilter.refresh;

import dev.jwtfilter.internal.Thumbprints;
import java.time.Instant;

/**
 * One login's chain of refresh tokens (RFC 9700 section 4.14.2): every rotation adds a token to the same
 * family, and reuse of any used token revokes the whole family.
 *
 * @param id random family id
 * @param subject the user the family belongs to
 * @param createdAt the login time
 * @param expiresAt the absolute end of the family, whatever its activity
 * @param dpopThumbprint the RFC 7638 SHA-256 thumbprint of the DPoP key the login proved (RFC 9449 section 5), which
 *     every refresh of the family must prove again; {@code null} for a family bound to no key. Fixed at login
 * @param authentication the login's {@code auth_time} and {@code acr} (RFC 9470), which every rotation hands back so
 *     that refreshed access tokens carry them unchanged; {@code null} when the login did not say. Fixed at login
 */
public record RefreshFamily(
        String id,
        String subject,
        Instant createdAt,
        Instant expiresAt,
        String dpopThumbprint,
        UserAuthentication authentication) {

    /**
     * Checks the thumbprint's shape.
     *
     * @param id random family id
     * @param subject the user the family belongs to
     * @param createdAt the login time
     * @param expiresAt the absolute end of the family
     * @param dpopThumbprint the DPoP key's RFC 7638 SHA-256 thumbprint (base64url, 43 characters), or {@code null}
     * @param authentication the login's {@code auth_time} and {@code acr}, or {@code null}
     */
    public RefreshFamily {
        if (dpopThumbprint != null && !Thumbprints.isSha256(dpopThumbprint)) {
            throw new IllegalArgumentException("dpopThumbprint must be a base64url SHA-256 thumbprint (43 characters)");
        }
    }

    /**
     * A family that does not know its login's {@code auth_time} and {@code acr}, as before {@code authentication}
     * existed.
     *
     * @param id random family id
     * @param subject the user the family belongs to
     * @param createdAt the login time
     * @param expiresAt the absolute end of the family
     * @param dpopThumbprint the DPoP key's RFC 7638 SHA-256 thumbprint, or {@code null}
     */
    public RefreshFamily(String id, String subject, Instant createdAt, Instant expiresAt, String dpopThumbprint) {
        this(id, subject, createdAt, expiresAt, dpopThumbprint, null);
    }

    /**
     * A family bound to no DPoP key, as before {@code dpopThumbprint} existed.
     *
     * @param id random family id
     * @param subject the user the family belongs to
     * @param createdAt the login time
     * @param expiresAt the absolute end of the family
     */
    public RefreshFamily(String id, String subject, Instant createdAt, Instant expiresAt) {
        this(id, subject, createdAt, expiresAt, null, null);
    }

    /** @return whether refreshes of this family need a DPoP proof of {@link #dpopThumbprint()}'s key */
    public boolean isBound() {
        return dpopThumbprint != null;
    }
}
