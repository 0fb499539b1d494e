package dev.jwtfilter.event;

import dev.jwtfilter.internal.LogText;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * The default listener: one line per event through {@code System.Logger}
 * ({@code dev.jwtfilter.event.LoggingAuthEventListener}), for example
 * {@code JWT refused: reason=wrong_audience issuer="https://login.example.com" subject="alice"}. Routine
 * outcomes (accepted, missing, malformed, expired, not yet valid) are logged at debug level; refusals worth
 * a look (bad signature, unknown key, wrong issuer, audience or type, revoked, insufficient role) at info.
 * Keys unavailable is at debug here because the outage itself is logged at warning where it happens. Info
 * lines are bounded, since anyone can send forged tokens: at most one line per reason a second, the next one
 * saying how many like it were left out. Values are cleaned of control characters and cut; the token is never
 * logged, as events do not hold it. Thread safe.
 */
public final class LoggingAuthEventListener implements AuthEventListener {
    private static final System.Logger LOG = System.getLogger(LoggingAuthEventListener.class.getName());
    private static final Set<AuthEventReason> NOTEWORTHY = Set.of(
            AuthEventReason.BAD_SIGNATURE,
            AuthEventReason.UNKNOWN_KEY,
            AuthEventReason.WRONG_ISSUER,
            AuthEventReason.WRONG_AUDIENCE,
            AuthEventReason.WRONG_TYPE,
            AuthEventReason.WRONG_CERTIFICATE,
            AuthEventReason.PROOF_REQUIRED,
            AuthEventReason.INVALID_PROOF,
            AuthEventReason.REPLAYED_PROOF,
            AuthEventReason.SCHEME_NOT_ALLOWED,
            AuthEventReason.REVOKED,
            AuthEventReason.INSUFFICIENT_ROLE);

    private static final long INTERVAL_NANOS = 1_000_000_000L;
    private final LongSupplier nanoTime;
    private final AtomicLongArray nextLine = new AtomicLongArray(AuthEventReason.values().length);
    private final AtomicLongArray leftOut = new AtomicLongArray(AuthEventReason.values().length);

    /** Logs on the system's clock. */
    public LoggingAuthEventListener() {
        this(System::nanoTime);
    }

    LoggingAuthEventListener(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        long now = nanoTime.getAsLong();
        for (int i = 0; i < nextLine.length(); i++) {
            nextLine.set(i, now);
        }
    }

    @Override
    public void onEvent(AuthEvent event) {
        System.Logger.Level level = level(event.reason());
        if (!LOG.isLoggable(level)) {
            return;
        }
        if (level != System.Logger.Level.INFO) {
            LOG.log(level, line(event));
            return;
        }
        int reason = event.reason().ordinal();
        long now = nanoTime.getAsLong();
        long next = nextLine.get(reason);
        if (now - next < 0 || !nextLine.compareAndSet(reason, next, now + INTERVAL_NANOS)) {
            leftOut.incrementAndGet(reason);
            return;
        }
        long more = leftOut.getAndSet(reason, 0);
        LOG.log(level, more == 0 ? line(event) : line(event) + " (" + more + " more like it left out)");
    }

    /**
     * @param reason the event's reason
     * @return whether an event of this reason would be logged now, so that callers can skip making one
     */
    public static boolean isLoggable(AuthEventReason reason) {
        return LOG.isLoggable(level(reason));
    }

    /**
     * @param reason the event's reason
     * @return the level an event of this reason is logged at
     */
    public static System.Logger.Level level(AuthEventReason reason) {
        return NOTEWORTHY.contains(reason) ? System.Logger.Level.INFO : System.Logger.Level.DEBUG;
    }

    /**
     * @param event the event to describe
     * @return the one line logged for an event
     */
    public static String line(AuthEvent event) {
        String parties = "issuer=" + quoted(event.issuer()) + " subject=" + quoted(event.subject());
        return event.accepted()
                ? "JWT accepted: " + parties
                : "JWT refused: reason=" + event.reason().label() + " " + parties;
    }

    private static String quoted(String value) {
        // A quote inside a value must not let a crafted subject fake the fields after it.
        return value == null ? "-" : '"' + LogText.clean(value).replace('"', '\'') + '"';
    }
}
