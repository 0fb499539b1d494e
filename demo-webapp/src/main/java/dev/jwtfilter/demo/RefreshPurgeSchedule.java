package dev.jwtfilter.demo;

import dev.jwtfilter.refresh.RefreshTokenService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes dead refresh-token families ({@link RefreshTokenService#purgeExpired()}) once at start and then
 * every interval, on one daemon thread. A failed purge (database down) is logged and tried again at the next
 * turn. {@link #close()} lets a running purge finish before the store is closed. Thread safe.
 */
final class RefreshPurgeSchedule implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RefreshPurgeSchedule.class.getName());
    private static final long STOP_WAIT_SECONDS = 10;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jwt-demo-refresh-purge");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param refresh the service whose dead families are deleted
     * @param interval the time between the end of one purge and the start of the next
     */
    RefreshPurgeSchedule(RefreshTokenService refresh, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(DemoSettings.REFRESH_PURGE_INTERVAL + " must be positive");
        }
        scheduler.scheduleWithFixedDelay(() -> purge(refresh), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void purge(RefreshTokenService refresh) {
        try {
            int deleted = refresh.purgeExpired();
            LOG.log(
                    deleted > 0 ? System.Logger.Level.INFO : System.Logger.Level.DEBUG,
                    "Purged {0} dead refresh-token families",
                    deleted);
        } catch (RuntimeException e) {
            // A thrown exception would cancel every later run of a scheduled task.
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Refresh-token purge failed, retried at the next turn: {0}",
                    e.getMessage());
        }
    }

    /** Stops the schedule without interrupting a purge in progress (H2 closes its file when interrupted). */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
