package dev.jwtfilter.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 digest under which the stores keep refresh tokens and over-long token ids. Not API. */
public final class Sha256 {
    private Sha256() {}

    /**
     * @param text the text to hash
     * @return the SHA-256 digest of the text's UTF-8 bytes, as 64 lowercase hex digits
     */
    public static String hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
