package dev.jwtfilter.event;

import java.util.List;

/**
 * Receives every {@link AuthEvent} of a filter or mechanism, synchronously on the request's thread, so it
 * must be fast and thread safe (hand slow work to a queue). An exception it throws never changes the answer
 * to the request: it is logged once and the next listeners still run. Register one with
 * {@code JwtConfigBuilder.eventListener} or by class name in {@code jwt.events.listener} (then it needs a
 * public no-argument constructor).
 */
@FunctionalInterface
public interface AuthEventListener {

    /**
     * Called once per decision.
     *
     * @param event the decision
     */
    void onEvent(AuthEvent event);

    /**
     * @param listeners called in order
     * @return one listener calling them all, each shielded from the others' exceptions
     */
    static AuthEventListener all(List<? extends AuthEventListener> listeners) {
        return new IsolatingListeners(listeners);
    }
}
