package dev.jwtfilter.event;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Calls listeners in order; one that throws is logged once at warning (then at debug) and skipped. Thread safe. */
final class IsolatingListeners implements AuthEventListener {
    private static final System.Logger LOG = System.getLogger(IsolatingListeners.class.getName());
    private final Isolated[] listeners;

    IsolatingListeners(List<? extends AuthEventListener> listeners) {
        this.listeners = listeners.stream().map(Isolated::new).toArray(Isolated[]::new);
    }

    @Override
    public void onEvent(AuthEvent event) {
        for (Isolated listener : listeners) {
            listener.onEvent(event);
        }
    }

    private record Isolated(AuthEventListener delegate, AtomicBoolean reported) {
        Isolated(AuthEventListener delegate) {
            this(delegate, new AtomicBoolean());
        }

        void onEvent(AuthEvent event) {
            try {
                delegate.onEvent(event);
            } catch (RuntimeException | LinkageError e) {
                // Authentication must not depend on a listener: the answer stays whatever the rules decided.
                System.Logger.Level level =
                        reported.compareAndSet(false, true) ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
                LOG.log(
                        level,
                        "Auth event listener {0} failed with {1}; the request is answered as decided",
                        delegate.getClass().getName(),
                        e.getClass().getName());
            }
        }
    }
}
