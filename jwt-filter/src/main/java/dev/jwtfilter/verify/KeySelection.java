package dev.jwtfilter.verify;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import dev.jwtfilter.keys.VerificationKeys;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Selects verification keys by algorithm from the allowlist only, and by {@code kid} when the key source
 * has key ids. Keys are never taken from {@code jku}, {@code x5u}, {@code jwk} or {@code x5c} headers
 * (RFC 8725 section 3.10). For kid-less sources the matchers are built once per allowed algorithm.
 */
final class KeySelection extends JWSVerificationKeySelector<SecurityContext> {
    private final Map<JWSAlgorithm, JWKMatcher> matchersIgnoringKid;

    KeySelection(Set<JWSAlgorithm> algorithms, VerificationKeys keys) {
        super(algorithms, keys.source());
        this.matchersIgnoringKid = keys.matchKeyIds() ? null : algorithms.stream().collect(
                Collectors.toUnmodifiableMap(Function.identity(), alg -> JWKMatcher.forJWSHeader(new JWSHeader(alg))));
    }

    @Override
    protected JWKMatcher createJWKMatcher(JWSHeader header) {
        if (matchersIgnoringKid == null) {
            return super.createJWKMatcher(header);
        }
        return isAllowed(header.getAlgorithm()) ? matchersIgnoringKid.get(header.getAlgorithm()) : null;
    }
}
