package dev.jwtfilter.micrometer;

import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.keys.KeySetChanges;
import dev.jwtfilter.verify.TrustedIssuer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The fetches of each trusted issuer's remote JWK set, for Micrometer: the counter {@value #FETCHES}, tagged
 * {@code issuer} (a configured issuer) and {@code result} {@code success} or {@code failure}. A failure is an
 * endpoint that could not be reached or served no usable key; requests it could not be covered for are the
 * {@code keys_unavailable} events of {@link JwtFilterMetrics}. Issuers with static keys stay at zero. Reads the
 * live {@link KeySetChanges} of each issuer's keys when scraped. Thread safe.
 */
public final class JwksMetrics implements MeterBinder {
    /** The counter's name. */
    public static final String FETCHES = "jwt.jwks.fetches";

    private final List<TrustedIssuer> issuers;

    /** @param config the filter's configuration, whose trusted issuers' key sets are counted */
    public JwksMetrics(JwtConfig config) {
        this.issuers = List.copyOf(config.trustedIssuers());
    }

    /**
     * Registers two counters per trusted issuer.
     *
     * @param registry where the meters go
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        for (TrustedIssuer issuer : issuers) {
            KeySetChanges keys = issuer.keys().changes();
            counter(registry, issuer.issuer(), keys, "success", KeySetChanges::fetches);
            counter(registry, issuer.issuer(), keys, "failure", KeySetChanges::fetchFailures);
        }
    }

    private static void counter(
            MeterRegistry registry,
            String issuer,
            KeySetChanges keys,
            String result,
            ToDoubleFunction<KeySetChanges> count) {
        FunctionCounter.builder(FETCHES, keys, count)
                .description("Fetches of a trusted issuer's remote JWK set, by result")
                .tag("issuer", issuer)
                .tag("result", result)
                .register(registry);
    }
}
