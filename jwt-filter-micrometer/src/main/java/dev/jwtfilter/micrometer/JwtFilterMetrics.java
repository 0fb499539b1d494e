package dev.jwtfilter.micrometer;

import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.event.AuthEvent;
import dev.jwtfilter.event.AuthEventListener;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.verify.TrustedIssuer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts jwt-filter's auth events for Micrometer: {@value #EVENTS} (a counter, unit none) tagged {@code reason}
 * (an {@link AuthEventReason#label()}) and {@code issuer}. Register it as an event listener of the filter (by class
 * name in {@code jwt.events.listener}, or with {@code JwtConfigBuilder.eventListener}), then bind it to a registry.
 *
 * <p>Tag values are bounded: {@code issuer} is one of the configured trusted issuers, {@value #UNTRUSTED} for any
 * other issuer an event names, or {@value #NONE} when the event names none (a missing or unverifiable token). A
 * token's claimed {@code iss} never becomes a tag value as such, so a client cannot create series. Every reason and
 * issuer pair is registered at zero when bound, so rates work from the first scrape.
 *
 * <p>Counting costs a map lookup and a {@link LongAdder} increment on the request's thread; meters read the adders
 * when scraped. Thread safe.
 */
public final class JwtFilterMetrics implements AuthEventListener, MeterBinder {
    /** The counter's name. */
    public static final String EVENTS = "jwt.auth.events";
    /** The {@code issuer} tag of an event naming an issuer that is not configured. */
    public static final String UNTRUSTED = "untrusted";
    /** The {@code issuer} tag of an event naming no issuer. */
    public static final String NONE = "none";

    private static final AuthEventReason[] REASONS = AuthEventReason.values();

    /** Issuer tag value to one adder per reason; replaced whole, once, when the issuers become known. */
    private volatile Map<String, LongAdder[]> counts = Map.of(UNTRUSTED, adders(), NONE, adders());

    private volatile boolean issuersKnown;

    /**
     * For {@code jwt.events.listener}: the trusted issuers are learned by {@link #of(JwtConfig)}, which must run
     * before the first request (at start-up); until then every issuer an event names is counted as
     * {@value #UNTRUSTED}.
     */
    public JwtFilterMetrics() {}

    /**
     * For a listener registered in code.
     *
     * @param trustedIssuers the configured issuers, the only issuer tag values besides {@value #UNTRUSTED} and
     *     {@value #NONE}
     */
    public JwtFilterMetrics(Collection<String> trustedIssuers) {
        trust(trustedIssuers);
    }

    /**
     * Finds this listener among the configuration's event listeners (the filter publishes its configuration as the
     * servlet-context attribute {@code JwtAuthenticationFilter.CONFIG_ATTRIBUTE}) and tells it the configuration's
     * trusted issuers.
     *
     * @param config the filter's configuration
     * @return the listener, ready to {@linkplain #bindTo(MeterRegistry) bind}
     * @throws IllegalStateException when no {@code JwtFilterMetrics} is among the configuration's listeners
     */
    public static JwtFilterMetrics of(JwtConfig config) {
        JwtFilterMetrics metrics = config.eventListeners().stream()
                .filter(JwtFilterMetrics.class::isInstance)
                .map(JwtFilterMetrics.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No " + JwtFilterMetrics.class.getName()
                        + " among the event listeners: name it in jwt.events.listener"));
        metrics.trust(
                config.trustedIssuers().stream().map(TrustedIssuer::issuer).toList());
        return metrics;
    }

    @Override
    public void onEvent(AuthEvent event) {
        counts.get(issuerTag(event.issuer()))[event.reason().ordinal()].increment();
    }

    /**
     * Registers one {@link FunctionCounter} per reason and issuer tag value.
     *
     * @param registry where the meters go
     * @throws IllegalStateException when the trusted issuers are not known yet: call {@link #of(JwtConfig)} first
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        if (!issuersKnown) {
            throw new IllegalStateException("Bind JwtFilterMetrics.of(config), which knows the trusted issuers");
        }
        counts.forEach((issuer, adders) -> {
            for (AuthEventReason reason : REASONS) {
                FunctionCounter.builder(EVENTS, adders[reason.ordinal()], LongAdder::sum)
                        .description("Tokens accepted and requests refused by jwt-filter, by reason")
                        .tag("reason", reason.label())
                        .tag("issuer", issuer)
                        .register(registry);
            }
        });
    }

    /**
     * @param claimed the issuer an event names, or {@code null}
     * @return the bounded tag value for it
     */
    String issuerTag(String claimed) {
        if (claimed == null) {
            return NONE;
        }
        return counts.containsKey(claimed) && !UNTRUSTED.equals(claimed) && !NONE.equals(claimed) ? claimed : UNTRUSTED;
    }

    /** Adds the trusted issuers as tag values, keeping what was counted; once, or again with the same issuers. */
    private synchronized void trust(Collection<String> issuers) {
        Set<String> trusted = Set.copyOf(issuers);
        if (issuersKnown) {
            if (!counts.keySet().containsAll(trusted)) {
                throw new IllegalStateException("This JwtFilterMetrics already counts for other issuers");
            }
            return;
        }
        Map<String, LongAdder[]> next = new LinkedHashMap<>();
        trusted.forEach(issuer -> next.put(Objects.requireNonNull(issuer, "issuer"), adders()));
        next.putAll(counts); // untrusted and none keep their counts, and win over an issuer so named
        counts = Map.copyOf(next);
        issuersKnown = true;
    }

    private static LongAdder[] adders() {
        LongAdder[] adders = new LongAdder[REASONS.length];
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }
}
