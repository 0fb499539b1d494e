package dev.jwtfilter.proof;

import java.time.Instant;

/**
 * Remembers the proofs already used (RFC 9449 sections 4.3 and 11.1), so that each one is accepted once within
 * its window. Keys are fixed-size digests of the proof's key thumbprint and {@code jti}, never the proof itself.
 * Implementations must be thread safe, and must fail closed: when they cannot tell, they throw rather than
 * accept.
 */
public interface DPoPReplayCache {
    /**
     * Records a proof's first use, atomically.
     *
     * @param key the digest naming the proof (its key thumbprint and {@code jti})
     * @param expiresAt when the proof can no longer be accepted anyway, after which the entry may be forgotten
     * @param now the current time of the verifier's clock
     * @return {@code true} when this is the first use, {@code false} when the key was already recorded and has
     *     not expired
     * @throws DPoPProofException reason {@code REPLAY_CHECK_UNAVAILABLE} when the use cannot be recorded (a full
     *     cache, a store that does not answer)
     */
    boolean firstUse(String key, Instant expiresAt, Instant now) throws DPoPProofException;
}
