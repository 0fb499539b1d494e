package dev.jwtfilter.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BoundedLogTest {
    private final List<String> lines = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong(1_000L);
    private final BoundedLog log =
            new BoundedLog(new Recording(), System.Logger.Level.WARNING, 1_000_000_000L, nanos::get);

    @Test
    void logWhenFloodedWithinOneIntervalThenOneLineWritten() {
        for (int i = 0; i < 1_000; i++) {
            log.log("Login refused: the login throttle table is full");
        }

        assertThat(lines).containsExactly("Login refused: the login throttle table is full");
    }

    @Test
    void logWhenIntervalsPassThenOneLineEachCountingWhatWasLeftOut() {
        nanos.addAndGet(1_000_000_000L);
        log.log("full");
        for (int i = 0; i < 500; i++) {
            log.log("full");
        }
        nanos.addAndGet(1_000_000_000L);
        log.log("full");

        assertThat(lines).containsExactly("full", "full (500 more like it left out)");
    }

    /** A real System.Logger that records what it is given. */
    private final class Recording implements System.Logger {
        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(format);
        }
    }
}
