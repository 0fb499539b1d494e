package dev.jwtfilter.config;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Tells the public key formats of MicroProfile JWT 2.1 ("Supported Public Key Formats") apart: PEM, a JWK
 * or JWK set, and a JWK or JWK set encoded in base64url (RFC 4648 section 5). Stateless.
 */
final class KeyTexts {
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+={0,2}");

    private KeyTexts() {}

    /** @return the JWK or JWK set JSON the text holds, plain or base64url-encoded; null when it holds none (PEM) */
    static String json(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            return trimmed;
        }
        if (!BASE64URL.matcher(trimmed).matches()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(trimmed), StandardCharsets.UTF_8).strip();
            return decoded.startsWith("{") ? decoded : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** @return whether the text is a plain JWK set document, the kind a JWKS endpoint serves */
    static boolean isJwkSet(String text) {
        String trimmed = text.strip();
        return trimmed.startsWith("{") && trimmed.contains("\"keys\"");
    }
}
