package dev.jwtfilter.proof;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import dev.jwtfilter.TestKeys;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever a client sends, the verifier answers with a typed refusal, never another exception; and no change of
 * one character turns a valid proof into another accepted one.
 */
class DPoPProofVerifierPropertiesTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final ECKey EC = TestKeys.ec("prop-ec", Curve.P_256);
    private static final String VALID = Proofs.valid(EC, JWSAlgorithm.ES256, NOW);
    private static final URI TARGET = URI.create(Proofs.URI);

    private static DPoPProofVerifier verifier() {
        return DPoPProofVerifier.of(DPoPProofSettings.builder()
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build());
    }

    @Property(tries = 500)
    void verifyWhenAnyStringThenOnlyATypedRefusal(@ForAll String proof) {
        assertThatThrownBy(() -> verifier().verify(proof, Proofs.METHOD, TARGET, Proofs.TOKEN))
                .isInstanceOf(DPoPProofException.class);
    }

    @Property(tries = 300)
    void verifyWhenOneCharacterOfAValidProofChangedThenRefused(
            @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll @CharRange(from = '-', to = 'z') char c) {
        int at = position % VALID.length();
        String changed = VALID.substring(0, at) + c + VALID.substring(at + 1);
        if (changed.equals(VALID)) {
            return;
        }
        assertThatThrownBy(() -> verifier().verify(changed, Proofs.METHOD, TARGET, Proofs.TOKEN))
                .isInstanceOf(DPoPProofException.class);
    }
}
