package dev.jwtfilter.revoke;

import dev.jwtfilter.verify.VerifiedJwt;
import java.util.Optional;

/**
 * The {@link RevocationCheck} the filter runs when a {@link RevocationList} is configured: a token is
 * refused if its issuer's {@code jti} is on the list. A token without a {@code jti} (or, from a verifier
 * of your own, without an {@code iss}) cannot be revoked, so by default it is refused too ({@code jwt.revocation.require-jti}, default true): otherwise a logout could
 * not end it. Failures of the list propagate as
 * {@link dev.jwtfilter.revoke.RevocationUnavailableException} (503). Thread safe.
 */
public final class RevocationListCheck implements RevocationCheck {
    private static final System.Logger LOG = System.getLogger(RevocationListCheck.class.getName());

    private final RevocationList list;
    private final boolean jtiRequired;

    /**
     * @param list the revoked ids, usually behind a {@link CachingRevocationList}
     * @param jtiRequired whether a token without {@code jti} is refused
     */
    public RevocationListCheck(RevocationList list, boolean jtiRequired) {
        this.list = list;
        this.jtiRequired = jtiRequired;
    }

    @Override
    public boolean isRevoked(VerifiedJwt jwt) {
        Optional<String> jti = jwt.id().filter(id -> !id.isBlank());
        Optional<String> issuer = jwt.issuer().filter(iss -> !iss.isBlank());
        if (jti.isPresent() && issuer.isPresent()) {
            return list.isRevoked(issuer.get(), jti.get());
        }
        if (jtiRequired) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "Token without jti (or iss) refused: a revocation list is configured and "
                            + "jwt.revocation.require-jti is true");
        }
        return jtiRequired;
    }
}
