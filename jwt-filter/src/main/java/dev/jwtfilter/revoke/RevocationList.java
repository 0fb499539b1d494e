package dev.jwtfilter.revoke;

import dev.jwtfilter.verify.VerifiedJwt;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Access tokens revoked before their {@code exp}, by issuer and {@code jti} (RFC 7519 sections 4.1.1 and
 * 4.1.7: a {@code jti} is unique only within its issuer, so a revocation of one issuer's token never
 * touches another issuer's token with the same id): what a logout or an RFC 7009 revocation adds, and
 * what the filter checks on every request through {@link RevocationListCheck}. An entry only needs to
 * live as long as its token could still be accepted, so callers pass the token's {@code exp} plus the
 * largest clock skew of any trusted issuer ({@code JwtConfig#maxClockSkew()}), and implementations may
 * forget it after that. There is no way back: a revoked id stays revoked. Implementations are thread
 * safe; a failure of their store is a {@link RevocationUnavailableException}.
 */
public interface RevocationList {
    /**
     * Revokes one issuer's token id. Revoking an id again is not an error; the later instant is kept.
     *
     * @param issuer the token's verified {@code iss}, not empty
     * @param jti the token's verified {@code jti}, not empty
     * @param keepUntil until when the token could be accepted: its {@code exp} plus the largest clock skew
     * @throws IllegalArgumentException if the issuer or the id is empty
     * @throws RevocationUnavailableException if the store cannot be written
     */
    void revoke(String issuer, String jti, Instant keepUntil);

    /**
     * @param issuer the token's {@code iss}
     * @param jti the token's {@code jti}
     * @return whether the issuer's token id has been revoked
     * @throws RevocationUnavailableException if the store cannot be read
     */
    boolean isRevoked(String issuer, String jti);

    /**
     * Revokes a verified token by its {@code iss} and {@code jti}, kept until its {@code exp} plus the skew.
     * Only ever pass a token this library verified: an unverified {@code jti} would let anyone revoke others.
     *
     * @param jwt the verified token
     * @param skew the largest clock skew any trusted issuer allows: {@code JwtConfig#maxClockSkew()}
     * @return false, and nothing revoked, when the token has no usable {@code iss} or {@code jti}
     * @throws RevocationUnavailableException if the store cannot be written
     */
    default boolean revoke(VerifiedJwt jwt, Duration skew) {
        Optional<String> issuer = jwt.issuer().filter(iss -> !iss.isBlank());
        Optional<String> jti = jwt.id().filter(id -> !id.isBlank());
        if (issuer.isEmpty() || jti.isEmpty()) {
            return false;
        }
        revoke(issuer.get(), jti.get(), jwt.expiresAt().plus(skew));
        return true;
    }
}
