package dev.jwtfilter;

import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.verify.TrustedIssuer;

/** Reads the per-issuer value out of a test configuration. */
public final class TestConfigs {
    private TestConfigs() {}

    /** @return the issuer of {@code jwt.issuer} and its keys: the one most tests configure */
    public static TrustedIssuer own(JwtConfig config) {
        return config.ownIssuer().orElseThrow();
    }
}
