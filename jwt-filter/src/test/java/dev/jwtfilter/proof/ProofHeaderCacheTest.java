package dev.jwtfilter.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.proof.DPoPProofException.Reason;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProofHeaderCacheTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final ECKey EC = TestKeys.ec("cache-ec", Curve.P_256);
    private static final ECKey EC_OTHER = TestKeys.ec("cache-ec-other", Curve.P_256);
    private static final URI TARGET = URI.create(Proofs.URI);

    private final DPoPProofVerifier verifier = DPoPProofVerifier.of(
            DPoPProofSettings.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build());

    private static ProofHeader header() throws DPoPProofException {
        return ProofHeader.parse(Proofs.encode(Proofs.header(EC, JWSAlgorithm.ES256)), Set.of(JWSAlgorithm.ES256));
    }

    private void verify(String proof) throws DPoPProofException {
        verifier.verify(proof, Proofs.METHOD, TARGET, Proofs.TOKEN, jkt(EC));
    }

    private static String jkt(ECKey key) {
        try {
            return key.computeThumbprint().toString();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertRefused(String proof, Reason reason) {
        assertThatThrownBy(() -> verify(proof))
                .isInstanceOfSatisfying(
                        DPoPProofException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void rememberWhenFullThenStaysWithinTheBound() throws Exception {
        ProofHeaderCache cache = new ProofHeaderCache();
        ProofHeader header = header();
        for (int i = 0; i < ProofHeaderCache.MAX_ENTRIES + 100; i++) {
            cache.remember("header-" + i, header);
        }

        assertThat(cache.size()).isEqualTo(ProofHeaderCache.MAX_ENTRIES);
    }

    @Test
    void rememberWhenHeaderLongerThanTheMaximumThenNotRemembered() throws Exception {
        ProofHeaderCache cache = new ProofHeaderCache();
        String encoded = "e".repeat(ProofHeaderCache.MAX_HEADER_LENGTH + 1);
        cache.remember(encoded, header());

        assertThat(cache.get(encoded)).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void verifyWhenHeaderAlreadyAcceptedThenSignatureClaimsAndReplayStillChecked() throws Exception {
        String first = Proofs.valid(EC, JWSAlgorithm.ES256, NOW);
        verify(first);
        Map<String, Object> header = Proofs.header(EC, JWSAlgorithm.ES256);
        Map<String, Object> wrongMethod = Proofs.claims(NOW);
        wrongMethod.put("htm", "DELETE");
        Map<String, Object> stale = Proofs.claims(NOW.minusSeconds(3600));

        assertRefused(Proofs.sign(header, Proofs.claims(NOW), EC_OTHER), Reason.BAD_SIGNATURE);
        assertRefused(Proofs.sign(header, wrongMethod, EC), Reason.WRONG_METHOD);
        assertRefused(Proofs.sign(header, stale, EC), Reason.STALE);
        assertRefused(first, Reason.REPLAYED);
        verify(Proofs.valid(EC, JWSAlgorithm.ES256, NOW));
    }

    @Test
    void verifyWhenHeaderAlreadyAcceptedThenAnotherBindingStillRefused() throws Exception {
        verify(Proofs.valid(EC, JWSAlgorithm.ES256, NOW));
        String next = Proofs.valid(EC, JWSAlgorithm.ES256, NOW);

        assertThatThrownBy(() -> verifier.verify(
                        next,
                        Proofs.METHOD,
                        TARGET,
                        Proofs.TOKEN,
                        EC_OTHER.computeThumbprint().toString()))
                .isInstanceOfSatisfying(
                        DPoPProofException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY));
    }

    @Test
    void verifyWhenProofRefusedThenItsHeaderNotRemembered() throws Exception {
        Map<String, Object> header = Proofs.header(EC, JWSAlgorithm.ES256);
        assertRefused(Proofs.sign(header, Proofs.claims(NOW), EC_OTHER), Reason.BAD_SIGNATURE);
        assertRefused(Proofs.sign(header, Proofs.claims(NOW.minusSeconds(3600)), EC), Reason.STALE);

        assertThat(verifier.rememberedHeaders()).isZero();
        verify(Proofs.valid(EC, JWSAlgorithm.ES256, NOW));
        assertThat(verifier.rememberedHeaders()).isOne();
    }
}
