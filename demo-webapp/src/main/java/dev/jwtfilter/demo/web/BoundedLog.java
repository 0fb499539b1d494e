package dev.jwtfilter.demo.web;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One log line that anyone can cause by sending requests (a refused refresh, a full login table), written at
 * most once per interval: the next line written says how many like it were left out, so a flood of requests
 * cannot flood the log. Thread safe.
 */
public final class BoundedLog {
    private final System.Logger logger;
    private final System.Logger.Level level;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong nextLine;
    private final AtomicLong leftOut = new AtomicLong();

    /** One line a second at most, on the system's clock. */
    public BoundedLog(System.Logger logger, System.Logger.Level level) {
        this(logger, level, 1_000_000_000L, System::nanoTime);
    }

    BoundedLog(System.Logger logger, System.Logger.Level level, long intervalNanos, LongSupplier nanoTime) {
        this.logger = logger;
        this.level = level;
        this.intervalNanos = intervalNanos;
        this.nanoTime = nanoTime;
        this.nextLine = new AtomicLong(nanoTime.getAsLong());
    }

    /** Writes the line, with how many were left out before it, unless one was written within the interval. */
    public void log(String line) {
        if (!logger.isLoggable(level)) {
            return;
        }
        long now = nanoTime.getAsLong();
        long next = nextLine.get();
        if (now - next < 0 || !nextLine.compareAndSet(next, now + intervalNanos)) {
            leftOut.incrementAndGet();
            return;
        }
        long more = leftOut.getAndSet(0);
        logger.log(level, more == 0 ? line : line + " (" + more + " more like it left out)");
    }
}
