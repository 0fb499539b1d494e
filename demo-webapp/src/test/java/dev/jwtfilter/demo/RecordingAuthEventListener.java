package dev.jwtfilter.demo;

import dev.jwtfilter.event.AuthEvent;
import dev.jwtfilter.event.AuthEventListener;
import dev.jwtfilter.event.AuthEventReason;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An auth event listener for {@code jwt.events.listener}: keeps every event the demo's filter reports, or any
 * authenticator built from the filter's configuration, so that a test can count the events of one request.
 */
public final class RecordingAuthEventListener implements AuthEventListener {
    private static final List<AuthEvent> EVENTS = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(AuthEvent event) {
        EVENTS.add(event);
    }

    /** @return how many events were reported so far */
    static int count() {
        return EVENTS.size();
    }

    /** @return the reasons of the events reported since {@code count} was {@code from} */
    static List<AuthEventReason> reasonsSince(int from) {
        return EVENTS.subList(from, EVENTS.size()).stream()
                .map(AuthEvent::reason)
                .toList();
    }
}
