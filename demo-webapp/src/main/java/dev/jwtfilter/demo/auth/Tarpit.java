package dev.jwtfilter.demo.auth;

import dev.jwtfilter.demo.web.Json;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers refused logins (429 throttled, 503 hashing busy) after a delay, without holding a server
 * thread: the request goes asynchronous and one scheduler thread writes the answer a second later. A
 * flooding client then gets at most one answer per connection per second, instead of thousands of cheap
 * refusals that would still cost the server as much CPU as the API calls they compete with. At most
 * {@link #MAX_PENDING} answers wait at once; beyond that, refusals are immediate. Thread safe.
 */
public final class Tarpit implements AutoCloseable {
    /** How long a refused login waits for its answer. */
    static final long DELAY_MILLIS = 1_000;
    /** The most delayed answers at once. */
    static final int MAX_PENDING = 1_024;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jwt-demo-tarpit");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger pending = new AtomicInteger();

    /** Writes the error now, or a second from now if the request can go asynchronous. */
    void refuse(
            HttpServletRequest request,
            HttpServletResponse response,
            int status,
            String error,
            String description,
            long retryAfterSeconds)
            throws IOException {
        if (!request.isAsyncSupported() || pending.incrementAndGet() > MAX_PENDING) {
            if (request.isAsyncSupported()) {
                pending.decrementAndGet();
            }
            write(response, status, error, description, retryAfterSeconds);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(DELAY_MILLIS * 10);
        scheduler.schedule(
                () -> {
                    try {
                        write((HttpServletResponse) async.getResponse(), status, error, description, retryAfterSeconds);
                    } catch (IOException | RuntimeException e) {
                        // the client went away; nothing to answer
                    } finally {
                        pending.decrementAndGet();
                        async.complete();
                    }
                },
                DELAY_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private static void write(
            HttpServletResponse response, int status, String error, String description, long retryAfterSeconds)
            throws IOException {
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        Json.error(response, status, error, description);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
