package dev.jwtfilter.revoke;

/** One revoked token's key in memory: its issuer and its {@code jti}, compared together. */
record RevokedId(String issuer, String jti) {
    /** @throws IllegalArgumentException if either part is empty, as no verified token has such a key */
    static RevokedId of(String issuer, String jti) {
        if (issuer == null || issuer.isEmpty() || jti == null || jti.isEmpty()) {
            throw new IllegalArgumentException("A revoked token needs a non-empty issuer and id");
        }
        return new RevokedId(issuer, jti);
    }
}
