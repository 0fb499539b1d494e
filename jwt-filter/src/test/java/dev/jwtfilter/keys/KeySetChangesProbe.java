package dev.jwtfilter.keys;

import com.nimbusds.jose.jwk.JWKSet;

/** Lets tests in other packages play a JWKS refresh. */
public final class KeySetChangesProbe {
    private KeySetChangesProbe() {}

    public static void refreshed(KeySetChanges changes, JWKSet set) {
        changes.refreshed(set);
    }
}
