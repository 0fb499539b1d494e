package dev.jwtfilter.demo;

import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.core.TokenCacheStatistics;
import dev.jwtfilter.event.AuthEventCounters;
import dev.jwtfilter.event.AuthEventListener;
import dev.jwtfilter.web.JwtAuthenticationFilter;
import jakarta.servlet.ServletContext;
import java.util.Optional;

/**
 * What the JWT filter declared in {@code web.xml} publishes when it starts: its configuration, its event
 * counters and its event listener (see {@link JwtAuthenticationFilter#CONFIG_ATTRIBUTE}). Made by
 * {@link DemoBootstrap} before the filter starts and handed to the endpoints that need these, which ask for
 * them no earlier than their own {@code init} or a request: the container starts filters before servlets.
 * Thread safe.
 */
public final class JwtFilterState {
    private final ServletContext context;

    JwtFilterState(ServletContext context) {
        this.context = context;
    }

    /** @return the filter's configuration, so tokens are issued and revoked under exactly the rules it checks */
    public JwtConfig config() {
        return published(JwtAuthenticationFilter.CONFIG_ATTRIBUTE, JwtConfig.class);
    }

    /** @return the filter's live count of accepts and refusals per reason */
    public AuthEventCounters counters() {
        return published(JwtAuthenticationFilter.EVENT_COUNTERS_ATTRIBUTE, AuthEventCounters.class);
    }

    /** @return the filter's event listener (counters, log line, configured listeners), for refusals made elsewhere */
    public AuthEventListener events() {
        return published(JwtAuthenticationFilter.EVENT_LISTENER_ATTRIBUTE, AuthEventListener.class);
    }

    /** @return the filter's verified-token cache statistics, read-only; empty when its cache is off */
    public Optional<TokenCacheStatistics> tokenCache() {
        return context.getAttribute(JwtAuthenticationFilter.TOKEN_CACHE_ATTRIBUTE) instanceof TokenCacheStatistics cache
                ? Optional.of(cache)
                : Optional.empty();
    }

    private <T> T published(String attribute, Class<T> type) {
        Object value = context.getAttribute(attribute);
        if (!type.isInstance(value)) {
            throw new IllegalStateException("The JWT filter has not started");
        }
        return type.cast(value);
    }
}
