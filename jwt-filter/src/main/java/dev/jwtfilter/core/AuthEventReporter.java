package dev.jwtfilter.core;

import dev.jwtfilter.event.AuthEvent;
import dev.jwtfilter.event.AuthEventCounters;
import dev.jwtfilter.event.AuthEventListener;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.event.LoggingAuthEventListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an authenticator reports its decisions: every one is counted in the {@link AuthEventCounters}, and an
 * {@link AuthEvent} is made for the log line and the listeners only when one of them will read it, so that
 * the hot path (a cache hit, with logging at its default level) allocates nothing. Thread safe.
 */
final class AuthEventReporter {
    private final Clock clock;
    private final AuthEventCounters counters = new AuthEventCounters();
    private final boolean logging;
    private final boolean listening;
    private final AuthEventListener loggingAndListeners;
    private final AuthEventListener all;

    /**
     * @param clock the time of each event
     * @param logging whether {@link LoggingAuthEventListener} logs each event
     * @param listeners called after the counters and the log line, in order, each shielded from the others
     */
    AuthEventReporter(Clock clock, boolean logging, List<AuthEventListener> listeners) {
        this.clock = clock;
        this.logging = logging;
        this.listening = !listeners.isEmpty();
        List<AuthEventListener> readers = new ArrayList<>();
        if (logging) {
            readers.add(new LoggingAuthEventListener());
        }
        readers.addAll(listeners);
        this.loggingAndListeners = AuthEventListener.all(readers);
        this.all = AuthEventListener.all(List.of(counters, loggingAndListeners));
    }

    /**
     * Counts one decision and hands it to the log line and the listeners.
     *
     * @param reason why the token was accepted or the request refused
     * @param issuer the {@code iss} of a token whose signature verified, else {@code null}
     * @param subject the {@code sub} of that token, else {@code null}
     */
    public void report(AuthEventReason reason, String issuer, String subject) {
        counters.increment(reason);
        if (listening || logging && LoggingAuthEventListener.isLoggable(reason)) {
            loggingAndListeners.onEvent(new AuthEvent(reason, clock.instant(), issuer, subject));
        }
    }

    /** @return the live counts */
    public AuthEventCounters counters() {
        return counters;
    }

    /** @return the counters, the log line and the listeners as one listener, for events made elsewhere */
    public AuthEventListener listener() {
        return all;
    }
}
