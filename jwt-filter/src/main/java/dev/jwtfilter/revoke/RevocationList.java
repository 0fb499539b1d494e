package dev.jwtfilter.revoke;

import dev.jwtfilter.verify.RevocationUnavailableException;
import java.time.Instant;

/**
 * Access tokens revoked before their {@code exp}, by {@code jti} (RFC 7519 section 4.1.7): what a logout
 * or an RFC 7009 revocation adds, and what the filter checks on every request through
 * {@link RevocationListCheck}. An entry only needs to live as long as its token could still be accepted,
 * so callers pass the token's {@code exp} plus the verifier's clock skew, and implementations may forget
 * it after that. There is no way back: a revoked id stays revoked. Implementations are thread safe; a
 * failure of their store is a {@link RevocationUnavailableException}.
 */
public interface RevocationList {
    /**
     * Revokes a token id. Revoking an id again is not an error; the later instant is kept.
     *
     * @param jti the token's {@code jti}
     * @param keepUntil until when the token could be accepted: its {@code exp} plus the clock skew
     * @throws RevocationUnavailableException if the store cannot be written
     */
    void revoke(String jti, Instant keepUntil);

    /**
     * @return whether the id has been revoked
     * @throws RevocationUnavailableException if the store cannot be read
     */
    boolean isRevoked(String jti);
}
