package dev.jwtfilter.micrometer;

import dev.jwtfilter.core.TokenCacheStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The verified-token cache of jwt-filter for Micrometer, after Micrometer's own cache meters: the gauge
 * {@value #SIZE}, and the counters {@value #GETS} (tagged {@code result} {@code hit} or {@code miss}) and
 * {@value #EVICTIONS}. Reads the filter's live {@link TokenCacheStatistics} (the servlet-context attribute
 * {@code JwtAuthenticationFilter.TOKEN_CACHE_ATTRIBUTE}, or {@code JwtAuthenticator.cacheStatistics()}) when
 * scraped. Thread safe.
 */
public final class TokenCacheMetrics implements MeterBinder {
    /** The gauge of tokens held. */
    public static final String SIZE = "jwt.token.cache.size";
    /** The counter of lookups, by {@code result}. */
    public static final String GETS = "jwt.token.cache.gets";
    /** The counter of entries dropped to make room. */
    public static final String EVICTIONS = "jwt.token.cache.evictions";

    private final TokenCacheStatistics cache;

    /** @param cache the filter's cache statistics */
    public TokenCacheMetrics(TokenCacheStatistics cache) {
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /**
     * Registers the gauge and the counters.
     *
     * @param registry where the meters go
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(SIZE, cache, TokenCacheStatistics::size)
                .description("Verified tokens held by jwt-filter's cache")
                .baseUnit("tokens")
                .strongReference(true)
                .register(registry);
        counter(registry, GETS, "hit", TokenCacheStatistics::hits);
        counter(registry, GETS, "miss", TokenCacheStatistics::misses);
        FunctionCounter.builder(EVICTIONS, cache, TokenCacheStatistics::evictions)
                .description("Verified tokens dropped from jwt-filter's cache to make room")
                .register(registry);
    }

    private void counter(
            MeterRegistry registry, String name, String result, ToDoubleFunction<TokenCacheStatistics> count) {
        FunctionCounter.builder(name, cache, count)
                .description("Lookups in jwt-filter's verified-token cache, by result")
                .tag("result", result)
                .register(registry);
    }
}
