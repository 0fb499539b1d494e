package dev.jwtfilter.verify;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import dev.jwtfilter.keys.KeyAlgorithms;
import dev.jwtfilter.keys.VerificationKeys;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Selects verification keys by algorithm from the allowlist only, and by {@code kid} when the key source
 * has key ids. Keys are never taken from {@code jku}, {@code x5u}, {@code jwk} or {@code x5c} headers
 * (RFC 8725 section 3.10). One algorithm per key (RFC 8725 section 3.1): a key that declares {@code alg}
 * verifies with it alone; a key without one with its default ({@link KeyAlgorithms}: RS256, its curve's ES
 * algorithm, HS256), and with another algorithm of its type only when the allowlist was configured; an EC
 * key only with the algorithm of its own curve. For kid-less sources the matchers are built once per allowed
 * algorithm.
 */
final class KeySelection extends JWSVerificationKeySelector<SecurityContext> {
    private final boolean algorithmsConfigured;
    private final Map<JWSAlgorithm, JWKMatcher> matchersIgnoringKid;

    KeySelection(Set<JWSAlgorithm> algorithms, VerificationKeys keys, boolean algorithmsConfigured) {
        super(algorithms, keys.source());
        this.algorithmsConfigured = algorithmsConfigured;
        this.matchersIgnoringKid = keys.matchKeyIds()
                ? null
                : algorithms.stream()
                        .collect(Collectors.toUnmodifiableMap(
                                Function.identity(),
                                alg -> oneAlgorithmPerKey(JWKMatcher.forJWSHeader(new JWSHeader(alg)), alg)));
    }

    /**
     * @param header a token's header
     * @return what picks the keys that may verify it ({@link #selectJWSKeys}' matcher), a pure function of the
     *     header; {@code null} for an algorithm off the allowlist
     */
    JWKSelector selectorFor(JWSHeader header) {
        if (!isAllowed(header.getAlgorithm())) {
            return null;
        }
        JWKMatcher matcher = createJWKMatcher(header);
        return matcher == null ? null : new JWKSelector(matcher);
    }

    /**
     * The keys {@link #selectJWSKeys} would convert, as JWKs: none without a selector, else those of the key
     * source that it accepts.
     *
     * @param selector from {@link #selectorFor}, or {@code null}
     * @throws KeySourceException no key could be had
     */
    List<JWK> candidates(JWKSelector selector) throws KeySourceException {
        return selector == null ? List.of() : getJWKSource().get(selector, null);
    }

    @Override
    protected JWKMatcher createJWKMatcher(JWSHeader header) {
        if (!isAllowed(header.getAlgorithm())) {
            return null;
        }
        if (matchersIgnoringKid != null) {
            return matchersIgnoringKid.get(header.getAlgorithm());
        }
        return oneAlgorithmPerKey(super.createJWKMatcher(header), header.getAlgorithm());
    }

    /** Narrows Nimbus' matcher (type, kid, use, alg or none) to keys whose one algorithm this is. */
    private JWKMatcher oneAlgorithmPerKey(JWKMatcher matcher, JWSAlgorithm alg) {
        boolean ec = JWSAlgorithm.Family.EC.contains(alg);
        boolean undeclaredKeysMayVerify = algorithmsConfigured || KeyAlgorithms.isDefault(alg);
        if (matcher == null || !ec && undeclaredKeysMayVerify) {
            return matcher; // RS256, HS256, or listed: Nimbus' matcher already says it
        }
        JWKMatcher.Builder narrowed = new JWKMatcher.Builder(matcher);
        if (ec) {
            narrowed.curves(Curve.forJWSAlgorithm(alg));
        }
        if (!undeclaredKeysMayVerify) {
            narrowed.algorithm(alg); // only keys that declare it; a key without alg keeps to its default
        }
        return narrowed.build();
    }
}
