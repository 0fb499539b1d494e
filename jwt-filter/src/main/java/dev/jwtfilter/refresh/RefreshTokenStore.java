package dev.jwtfilter.refresh;

import java.time.Duration;
import java.time.Instant;

/**
 * Keeps refresh-token families and the SHA-256 hashes of their tokens (never the tokens). Each method is
 * atomic, also across processes that share one database, so that of two requests presenting the same
 * token at once exactly one rotates it and the other is treated as reuse. Implementations are thread
 * safe; failures of the store itself are {@link RefreshStoreException}s.
 */
public interface RefreshTokenStore {

    /** Records a new family with its first token's hash. */
    void createFamily(RefreshFamily family, String tokenHash);

    /**
     * Atomically uses the presented token and adds its successor to the family, or refuses it. Presenting
     * a used token revokes its family.
     *
     * @param presentedHash hash of the token presented
     * @param newHash hash of the successor to record if the presented token is current
     * @param now the time of the request
     * @param idleTimeout the longest allowed gap since the family's last use
     */
    RotationOutcome rotate(String presentedHash, String newHash, Instant now, Duration idleTimeout);

    /** Revokes the family of a token (logout). @return whether a live family was revoked */
    boolean revokeFamilyOf(String tokenHash, Instant now);

    /** Revokes every live family of a user. @return how many were revoked */
    int revokeAllForSubject(String subject, Instant now);

    /** Deletes families whose absolute lifetime ended before {@code cutoff}. @return how many */
    int purgeExpired(Instant cutoff);
}
