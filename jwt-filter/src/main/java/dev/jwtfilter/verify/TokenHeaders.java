package dev.jwtfilter.verify;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSelector;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The headers of tokens one verifier has accepted, by their exact encoded form. An issuer signs every token of one
 * key with the same header ({@code alg}, {@code kid}, {@code typ}), so parsing that JSON once per key rather than once
 * per token spares a JSON parse on every first sight of a token, and the key matcher made from it. A
 * {@link JWSHeader} is a pure function of its encoded form, and the key selector a pure function of the header and
 * the verifier's fixed settings; both are immutable, so a hit changes no outcome: every rule that reads the header ({@code crit},
 * {@code cty}, {@code typ}, the algorithm allowlist and key selection) still runs on each token. Only headers of
 * tokens that passed every check are remembered, so made-up headers never enter. Bounded: at most
 * {@link #MAX_ENTRIES} headers of at most {@link #MAX_HEADER_LENGTH} characters each, one arbitrary entry forgotten
 * for each new one when full. Thread safe.
 */
final class TokenHeaders {
    /** How many headers are remembered: a few per key of the issuer. */
    static final int MAX_ENTRIES = 64;

    /** The longest header remembered; longer ones (an {@code x5c} chain, say) are parsed every time. */
    static final int MAX_HEADER_LENGTH = 512;

    private final ConcurrentHashMap<String, Known> headers = new ConcurrentHashMap<>();

    /**
     * A header as parsed, and the selector of the keys that may verify its tokens.
     *
     * @param header the parsed header
     * @param selector the key selector made for it
     */
    record Known(JWSHeader header, JWKSelector selector) {}

    /**
     * @param encoded the first part of a token
     * @return the header remembered for exactly that string, or {@code null}
     */
    Known get(String encoded) {
        return headers.get(encoded);
    }

    /**
     * @param header the header of a token that passed every check, with the encoded form it was parsed from
     * @param selector the key selector made for it
     */
    void remember(JWSHeader header, JWKSelector selector) {
        String encoded = header.getParsedBase64URL() == null
                ? null
                : header.getParsedBase64URL().toString();
        if (encoded == null || encoded.length() > MAX_HEADER_LENGTH || headers.containsKey(encoded)) {
            return;
        }
        if (headers.size() >= MAX_ENTRIES) {
            Iterator<String> any = headers.keySet().iterator();
            if (any.hasNext()) {
                headers.remove(any.next());
            }
        }
        headers.put(encoded, new Known(header, selector));
    }

    /** @return how many headers are remembered */
    int size() {
        return headers.size();
    }
}
