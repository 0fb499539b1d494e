package dev.jwtfilter.refresh;

import dev.jwtfilter.internal.Sha256;
import java.security.SecureRandom;
import java.util.Base64;

/** Random opaque tokens and their SHA-256 hashes. Thread safe. */
final class OpaqueTokens {
    /** 256 bits of randomness. */
    static final int BYTES = 32;
    /** Length of {@link #BYTES} in unpadded base64url. */
    static final int LENGTH = 43;

    private final SecureRandom random;

    OpaqueTokens(SecureRandom random) {
        this.random = random;
    }

    String next() {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** @return whether the text has the shape of a token made here (it may still be unknown) */
    static boolean wellFormed(String token) {
        if (token == null || token.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** @return the SHA-256 hex digest under which a store keeps the token */
    static String hash(String token) {
        return Sha256.hex(token);
    }
}
