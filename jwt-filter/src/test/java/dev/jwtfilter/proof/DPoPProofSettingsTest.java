package dev.jwtfilter.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DPoPProofSettingsTest {
    @Test
    void buildWhenDefaultsThenEs256Rs256Ps256AndSixtySecondWindowAndSkew() {
        DPoPProofSettings settings = DPoPProofSettings.builder().build();

        assertThat(settings.algorithms()).containsExactly(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256);
        assertThat(settings.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.skew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.replayCache()).isInstanceOf(InMemoryDPoPReplayCache.class);
    }

    @Test
    void buildWhenSymmetricNoneOrEdDsaAllowedThenEveryProblemNamed() {
        var builder = DPoPProofSettings.builder()
                .algorithms(Set.of(JWSAlgorithm.HS256, new JWSAlgorithm("none"), JWSAlgorithm.EdDSA));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HS256")
                .hasMessageContaining("none")
                .hasMessageContaining("EdDSA")
                .hasMessageContaining("Tink");
    }

    @Test
    void buildWhenWindowOrSkewOverADayThenRefused() {
        var builder = DPoPProofSettings.builder().window(Duration.ofDays(2)).skew(Duration.ofSeconds(Long.MAX_VALUE));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window")
                .hasMessageContaining("skew");
    }

    @Test
    void buildWhenNoAlgorithmZeroWindowNegativeSkewOrTinyLengthThenEveryProblemNamed() {
        var builder = DPoPProofSettings.builder()
                .algorithms(Set.of())
                .window(Duration.ZERO)
                .skew(Duration.ofSeconds(-1))
                .maxProofLength(10);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no DPoP proof algorithm")
                .hasMessageContaining("window")
                .hasMessageContaining("skew")
                .hasMessageContaining("maximum length");
    }
}
