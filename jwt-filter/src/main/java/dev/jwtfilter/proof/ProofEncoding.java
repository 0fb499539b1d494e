package dev.jwtfilter.proof;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.jwtfilter.internal.CanonicalBase64Url;
import dev.jwtfilter.proof.DPoPProofException.Reason;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;

/**
 * The one string a DPoP proof may be (RFC 7515 sections 2 and 7.1): exactly three non-empty parts, each canonical
 * base64url ({@link CanonicalBase64Url}, the check the access-token verifier uses too), the first two of them JSON
 * objects. Stateless.
 */
final class ProofEncoding {
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    private ProofEncoding() {}

    /**
     * @param proof the compact serialization
     * @return whether it has exactly three non-empty canonical base64url parts; nothing allocated
     */
    static boolean isCanonicalJws(String proof) {
        int first = proof.indexOf('.');
        int second = first < 0 ? -1 : proof.indexOf('.', first + 1);
        boolean threeNonEmptyParts =
                first > 0 && second > first + 1 && second < proof.length() - 1 && proof.indexOf('.', second + 1) < 0;
        return threeNonEmptyParts && CanonicalBase64Url.isCanonical(proof);
    }

    /**
     * @param part a part already found canonical by {@link #isCanonicalJws(String)}, which the JDK's decoder reads
     *     as Nimbus' would (its own decoder, several times faster)
     * @return the part decoded as UTF-8 and parsed as one JSON object
     * @throws DPoPProofException {@code MALFORMED} when it is not one JSON object (an array, duplicate members, text)
     */
    static Map<String, Object> json(String part) throws DPoPProofException {
        try {
            String text = new String(BASE64URL.decode(part), StandardCharsets.UTF_8);
            // Nimbus' parser reads a JSON array such as [] as an empty object: only an object is a header or claims
            // set.
            if (!text.strip().startsWith("{")) {
                throw new ParseException("not a JSON object", 0);
            }
            return JSONObjectUtils.parse(text);
        } catch (ParseException | RuntimeException e) {
            throw new DPoPProofException(Reason.MALFORMED, "DPoP proof part is not a JSON object");
        }
    }
}
