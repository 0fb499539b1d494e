package dev.jwtfilter.bench;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.jwtfilter.core.AuthenticationOutcome;
import dev.jwtfilter.core.JwtAuthenticator;
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
 * The product's verification entry point ({@link JwtAuthenticator#authenticate(String)}, which the
 * filter and the mechanism call) against bare Nimbus {@link DefaultJWTProcessor} on the same tokens:
 * <ul>
 *   <li>{@code bareNimbus}: distinct tokens through a minimal Nimbus processor (exact iss, aud, exp);</li>
 *   <li>{@code productNoCache}: distinct tokens, cache off: parse, verify, all claims rules, principal;</li>
 *   <li>{@code productMiss}: distinct tokens through a 16-entry cache, so nearly every call misses and
 *       pays the lookup, the full verification and the insertion (with eviction);</li>
 *   <li>{@code productHit}: one token again (the same String, as a keep-alive client's header would give);</li>
 *   <li>{@code productHitFreshString}: one token again, each time as a new String (hash and compare per call).</li>
 * </ul>
 * Run with {@code -prof gc} for allocation per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifyBenchmark {
    private static final int POOL = 1024;

    @Param({"HS256", "RS256", "ES256"})
    public String algorithm;

    private String[] tokens;
    private char[] hitChars;
    private String hitToken;
    private int next;
    private DefaultJWTProcessor<SecurityContext> bare;
    private JwtAuthenticator noCache;
    private JwtAuthenticator smallCache;
    private JwtAuthenticator cached;

    @Setup
    public void setUp() {
        BenchKeys keys = new BenchKeys(algorithm);
        tokens = new String[POOL];
        for (int i = 0; i < POOL; i++) {
            tokens[i] = keys.token();
        }
        hitToken = keys.token();
        hitChars = hitToken.toCharArray();
        bare = keys.bareNimbus();
        noCache = new JwtAuthenticator(keys.config(false, 1));
        smallCache = new JwtAuthenticator(keys.config(true, 16));
        cached = new JwtAuthenticator(keys.config(true, 10_000));
        if (!(cached.authenticate(hitToken) instanceof AuthenticationOutcome.Authenticated)
                || !(noCache.authenticate(tokens[0]) instanceof AuthenticationOutcome.Authenticated)) {
            throw new IllegalStateException("The benchmark tokens do not verify");
        }
        try {
            bare.process(tokens[0], null);
        } catch (Exception e) {
            throw new IllegalStateException("Bare Nimbus does not verify the benchmark tokens", e);
        }
    }

    private String nextToken() {
        next = (next + 1) & (POOL - 1);
        return tokens[next];
    }

    @Benchmark
    public JWTClaimsSet bareNimbus() throws Exception {
        return bare.process(nextToken(), null);
    }

    @Benchmark
    public AuthenticationOutcome productNoCache() {
        return noCache.authenticate(nextToken());
    }

    @Benchmark
    public AuthenticationOutcome productMiss() {
        return smallCache.authenticate(nextToken());
    }

    @Benchmark
    public AuthenticationOutcome productHit() {
        return cached.authenticate(hitToken);
    }

    @Benchmark
    public AuthenticationOutcome productHitFreshString() {
        return cached.authenticate(new String(hitChars));
    }
}
