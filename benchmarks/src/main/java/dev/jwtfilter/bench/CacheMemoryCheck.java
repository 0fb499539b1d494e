package dev.jwtfilter.bench;

import dev.jwtfilter.core.AuthenticationOutcome;
import dev.jwtfilter.core.JwtAuthenticator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The memory target: verifies N distinct valid tokens (default 1,000,000, HS256 so that making them is
 * quick) through the product with its default 10,000-entry cache, then reports the heap in use after a
 * full GC, against the heap before, and the cache's bound. Run:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.jwtfilter.bench.CacheMemoryCheck [N]}.
 */
public final class CacheMemoryCheck {
    private CacheMemoryCheck() {}

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        BenchKeys keys = new BenchKeys("HS256");
        JwtAuthenticator authenticator = new JwtAuthenticator(keys.config(true, 10_000));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        long oneEntry = 0;
        for (int i = 0; i < count; i++) {
            String token = keys.token();
            if (i == 0) {
                oneEntry = token.length();
            }
            if (!(authenticator.authenticate(token) instanceof AuthenticationOutcome.Authenticated)) {
                throw new IllegalStateException("token " + i + " did not verify");
            }
            if (i % 100_000 == 0 && i > 0) {
                System.out.printf("%,d tokens verified, heap after GC %,d KiB%n", i, usedAfterGc(memory) / 1024);
            }
        }
        long after = usedAfterGc(memory);
        System.out.printf("tokens verified: %,d (each %d chars); cache bound: 10,000 entries%n", count, oneEntry);
        System.out.printf(
                "heap after full GC: before %,d KiB, after %,d KiB, growth %,d KiB (%.0f bytes per cache slot)%n",
                before / 1024, after / 1024, (after - before) / 1024, (after - before) / 10_000.0);
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
