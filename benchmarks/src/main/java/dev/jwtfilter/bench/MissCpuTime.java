package dev.jwtfilter.bench;

import dev.jwtfilter.core.AuthenticationOutcome;
import dev.jwtfilter.core.JwtAuthenticator;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The cost of a cache miss ({@code productMiss} of {@link VerifyBenchmark}: distinct tokens through a 16-entry cache)
 * or a hit, in the calling thread's CPU time and allocated bytes rather than wall time: on a shared machine whose
 * other processes take the cores, JMH's wall-clock figures grow with the load, these much less. Prints the median
 * of the rounds. For before/after comparisons of the library on a busy machine, alternating the two jars; the
 * figures of record stay JMH's, on a quiet machine.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.jwtfilter.bench.MissCpuTime HS256 miss 11 20000 8}
 * (algorithm, {@code miss} or {@code hit}, measured rounds, calls per round, warm-up rounds).
 */
public final class MissCpuTime {
    private static final int POOL = 1024;
    private static volatile Object sink;

    private MissCpuTime() {}

    /**
     * @param args algorithm, {@code miss} or {@code hit}, rounds, calls per round, warm-up rounds
     */
    public static void main(String[] args) {
        String algorithm = args[0];
        boolean hit = "hit".equals(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int calls = Integer.parseInt(args[3]);
        int warmUp = Integer.parseInt(args[4]);
        BenchKeys keys = new BenchKeys(algorithm);
        String[] tokens = new String[POOL];
        for (int i = 0; i < POOL; i++) {
            tokens[i] = keys.token();
        }
        JwtAuthenticator authenticator = new JwtAuthenticator(keys.config(true, hit ? 10_000 : 16));
        if (!(authenticator.authenticate(tokens[0]) instanceof AuthenticationOutcome.Authenticated)) {
            throw new IllegalStateException("The benchmark tokens do not verify");
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        double[] nanos = new double[rounds];
        double[] bytes = new double[rounds];
        int next = 0;
        for (int round = -warmUp; round < rounds; round++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long allocated = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < calls; i++) {
                next = hit ? 0 : (next + 1) & (POOL - 1);
                sink = authenticator.authenticate(tokens[next]);
            }
            if (round >= 0) {
                nanos[round] = (threads.getCurrentThreadCpuTime() - cpu) / (double) calls;
                bytes[round] = (threads.getThreadAllocatedBytes(thread) - allocated) / (double) calls;
            }
        }
        Arrays.sort(nanos);
        Arrays.sort(bytes);
        System.out.printf(
                "%s %s: %.3f us CPU per call (median of %d rounds; min %.3f, max %.3f), %.0f B allocated%n",
                algorithm,
                args[1],
                nanos[rounds / 2] / 1000,
                rounds,
                nanos[0] / 1000,
                nanos[rounds - 1] / 1000,
                bytes[rounds / 2]);
    }
}
