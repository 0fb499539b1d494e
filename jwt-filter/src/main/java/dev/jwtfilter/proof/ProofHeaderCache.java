package dev.jwtfilter.proof;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The headers of proofs a verifier has accepted, by their exact encoded form. A client signs every proof with the
 * same key, so its proofs share one encoded header: parsing that header, making the public key and computing its
 * thumbprint is done once per key rather than once per request. A {@link ProofHeader} is a pure function of the
 * encoded header and the verifier's allowlist, so a hit changes no outcome; only headers of proofs that passed
 * every check are remembered. Bounded: at most {@link #MAX_ENTRIES} headers (plus one per concurrent caller) of at
 * most {@link #MAX_HEADER_LENGTH} characters each, one arbitrary entry forgotten for each new one when full, so a
 * flood of keys costs re-parsing, never memory. Thread safe.
 */
final class ProofHeaderCache {
    /** How many headers are remembered. */
    static final int MAX_ENTRIES = 1024;

    /** The longest header remembered: an RSA 4096-bit key's header is about 1,000 characters. */
    static final int MAX_HEADER_LENGTH = 2048;

    private final ConcurrentHashMap<String, ProofHeader> headers = new ConcurrentHashMap<>();

    /**
     * @param encoded the first part of a proof
     * @return the header remembered for exactly that string, or {@code null}
     */
    ProofHeader get(String encoded) {
        return headers.get(encoded);
    }

    /**
     * @param encoded the first part of a proof that passed every check
     * @param header what it was parsed into
     */
    void remember(String encoded, ProofHeader header) {
        if (encoded.length() > MAX_HEADER_LENGTH || headers.containsKey(encoded)) {
            return;
        }
        if (headers.size() >= MAX_ENTRIES) {
            Iterator<String> any = headers.keySet().iterator();
            if (any.hasNext()) {
                headers.remove(any.next());
            }
        }
        headers.put(encoded, header);
    }

    /** @return how many headers are remembered */
    int size() {
        return headers.size();
    }
}
