package dev.jwtfilter.refresh;

import dev.jwtfilter.refresh.RotationOutcome.Reason;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps refresh-token families and the SHA-256 hashes of their tokens (never the tokens). Each method is
 * atomic, also across processes that share one database, so that of two requests presenting the same
 * token at once exactly one rotates it and the other is treated as reuse. Implementations are thread
 * safe; failures of the store itself are {@link RefreshStoreException}s.
 */
public interface RefreshTokenStore {

    /**
     * Records a new family with its first token's hash.
     *
     * @param family the new family
     * @param tokenHash the hash of the family's first token
     */
    void createFamily(RefreshFamily family, String tokenHash);

    /**
     * Atomically uses the presented token and adds its successor to the family, or refuses it. Presenting
     * a used token revokes its family. A current token of a family that already made
     * {@link RefreshTokenSettings#maxRotations()} rotations within the last
     * {@link RefreshTokenSettings#rotationWindow()} is {@link RotationOutcome.Throttled}: left current, nothing
     * recorded, so that neither the family nor the token is lost. A request without a DPoP proof: a token of a
     * family bound to a DPoP key is refused with {@link Reason#WRONG_DPOP_KEY}.
     *
     * @param presentedHash hash of the token presented
     * @param newHash hash of the successor to record if the presented token is current
     * @param now the time of the request
     * @param rules the idle timeout (the longest allowed gap since the family's last use) and the rotation limit
     * @return what was done with the presented token
     */
    default RotationOutcome rotate(String presentedHash, String newHash, Instant now, RefreshTokenSettings rules) {
        return rotate(presentedHash, newHash, null, now, rules);
    }

    /**
     * Like {@link #rotate(String, String, Instant, RefreshTokenSettings)}, for a request that may have proved a DPoP
     * key. When the presented token's family is bound to a key ({@link RefreshFamily#dpopThumbprint()}) and
     * {@code proofThumbprint} is another one or {@code null}, the answer is {@link Reason#WRONG_DPOP_KEY} before any
     * other rule, and nothing changes: the token is not spent, and a used one does not revoke its family (RFC 9449
     * section 5). A family bound to no key ignores the thumbprint and stays unbound.
     *
     * @param presentedHash hash of the token presented
     * @param newHash hash of the successor to record if the presented token is current
     * @param proofThumbprint the RFC 7638 thumbprint of the key of the request's verified DPoP proof, or {@code null}
     *     when it had none
     * @param now the time of the request
     * @param rules the idle timeout and the rotation limit
     * @return what was done with the presented token
     */
    RotationOutcome rotate(
            String presentedHash, String newHash, String proofThumbprint, Instant now, RefreshTokenSettings rules);

    /**
     * Revokes the family of a token (logout).
     *
     * @param tokenHash the hash of a token of the family
     * @param now the time of the revocation
     * @return whether a live family was revoked
     */
    boolean revokeFamilyOf(String tokenHash, Instant now);

    /**
     * Revokes every live family of a user.
     *
     * @param subject the user's stable id
     * @param now the time of the revocation
     * @return how many were revoked
     */
    int revokeAllForSubject(String subject, Instant now);

    /**
     * Deletes every family that can no longer rotate, with all its tokens: those past their absolute end and
     * those unused for {@code idleTimeout}, revoked ones included. A family that may still rotate keeps every
     * row, its used tokens too, because presenting any of them again must still revoke it (RFC 9700 section
     * 4.14.2); once it is dead, a used token can only be refused, and an unknown one is refused just the same.
     *
     * @param now the time of the purge
     * @param idleTimeout the idle timeout rotations are judged by
     * @return how many families were deleted
     */
    int purgeExpired(Instant now, Duration idleTimeout);
}
