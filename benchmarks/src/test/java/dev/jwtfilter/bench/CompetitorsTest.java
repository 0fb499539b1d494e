package dev.jwtfilter.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every side of {@link CompareBenchmark} really verifies, and the self-check catches one that does not. */
class CompetitorsTest {
    private static final String[] SIDES = {"jdk", "nimbus", "javajwt", "jjwt", "smallrye", "oursMiss", "oursHit"};

    static Stream<Arguments> sides() {
        return Stream.of("HS256", "RS256", "ES256")
                .flatMap(alg -> Stream.of(SIDES).map(side -> Arguments.of(alg, side)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sides")
    void selfCheckWhenSideVerifiesThenPassesAndEachPoolTokenVerifies(String algorithm, String side) throws Exception {
        BenchKeys keys = new BenchKeys(algorithm);
        String[] tokens = {keys.token(), keys.token()};
        Competitors.Verifier verifier = Competitors.of(side, keys, tokens);

        assertThatCode(() -> Competitors.selfCheck(verifier, keys, tokens[0])).doesNotThrowAnyException();
        assertThat(verifier.verify(1)).isNotNull();
    }

    @Test
    void selfCheckWhenSideAcceptsEverythingThenRefusesToMeasure() {
        BenchKeys keys = new BenchKeys("HS256");
        Competitors.Verifier noOp = new Competitors.Verifier() {
            @Override
            public Object verify(int index) {
                return Boolean.TRUE;
            }

            @Override
            public boolean accepts(String token) {
                return true;
            }
        };

        assertThatThrownBy(() -> Competitors.selfCheck(noOp, keys, keys.token()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("accepts changed signature")
                .hasMessageContaining("accepts alg none");
    }

    @Test
    void selfCheckWhenSideChecksSignatureOnlyThenRefusesToMeasureAsAVerifier() {
        BenchKeys keys = new BenchKeys("RS256");
        String token = keys.token();
        Competitors.Verifier floor = Competitors.of("jdk", keys, new String[] {token});
        Competitors.Verifier signatureOnly = new Competitors.Verifier() {
            @Override
            public Object verify(int index) throws Exception {
                return floor.verify(index);
            }

            @Override
            public boolean accepts(String candidate) {
                return floor.accepts(candidate);
            }
        };

        assertThatThrownBy(() -> Competitors.selfCheck(signatureOnly, keys, token))
                .hasMessageContaining("accepts wrong issuer")
                .hasMessageContaining("accepts wrong audience")
                .hasMessageContaining("accepts expired")
                .hasMessageContaining("accepts not yet valid")
                .hasMessageContaining("accepts no exp");
    }
}
