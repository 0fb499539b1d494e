package dev.jwtfilter.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One verification of a typical 10-claim access token, side by side (issue 20), with the same checks everywhere
 * (see {@link Competitors}): the JDK floor ({@code Mac}/{@code Signature} alone over the signing input), Nimbus
 * {@code DefaultJWTProcessor}, Auth0 java-jwt, jjwt, SmallRye JWT, and the product's {@code JwtAuthenticator} on a
 * cache miss and a cache hit. Each call takes the next token of a pool of 1024 made in setup (distinct {@code jti}),
 * except {@code oursHit}, which presents one token again.
 *
 * <p>One benchmark method with a {@code side} parameter, so that JMH measures the sides of one algorithm one after
 * the other (on a shared machine a ratio is only fair between neighbouring measurements), each in its own forked JVM
 * (so the call through {@link Competitors.Verifier} is monomorphic). Setup refuses to measure a side that accepts a
 * forged, expired or foreign token ({@link Competitors#selfCheck}). Run with {@code -prof gc} for bytes per call;
 * {@code benchmarks/compare.sh} runs it and prints the table.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class CompareBenchmark {
    private static final int POOL = 1024;

    @Param({"HS256", "RS256", "ES256"})
    public String algorithm;

    @Param({"jdk", "nimbus", "javajwt", "jjwt", "smallrye", "oursMiss", "oursHit"})
    public String side;

    private Competitors.Verifier verifier;
    private int next;

    @Setup
    public void setUp() {
        BenchKeys keys = new BenchKeys(algorithm);
        String[] tokens = new String[POOL];
        for (int i = 0; i < POOL; i++) {
            tokens[i] = keys.token();
        }
        verifier = Competitors.of(side, keys, tokens);
        Competitors.selfCheck(verifier, keys, tokens[0]);
        for (int i = 0; i < POOL; i++) {
            if (!verifier.accepts(tokens[i])) {
                throw new IllegalStateException(side + " refuses a pool token");
            }
        }
    }

    /**
     * @return what the side returns for the next token (non-null: every token is valid)
     * @throws Exception never, the tokens being valid
     */
    @Benchmark
    public Object verify() throws Exception {
        next = (next + 1) & (POOL - 1);
        return verifier.verify(next);
    }
}
