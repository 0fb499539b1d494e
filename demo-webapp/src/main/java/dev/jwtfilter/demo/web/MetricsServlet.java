package dev.jwtfilter.demo.web;

import dev.jwtfilter.demo.JwtFilterState;
import dev.jwtfilter.micrometer.JwksMetrics;
import dev.jwtfilter.micrometer.JwtFilterMetrics;
import dev.jwtfilter.micrometer.TokenCacheMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: the JWT filter's auth events ({@code jwt_auth_events_total} by {@code reason} and
 * {@code issuer}), the verified-token cache ({@code jwt_token_cache_*}) and the JWKS fetches
 * ({@code jwt_jwks_fetches_total}) in the Prometheus text format, for admins only: the filter enforces {@code @RolesAllowed} (401
 * without a token, 403 {@code insufficient_scope} without the admin role). The filter counts into the
 * {@link JwtFilterMetrics} named in {@code jwt.events.listener}; this servlet binds it to its own Prometheus
 * registry when it starts, after the filter and before the first request. Made by {@code DemoBootstrap}; never
 * serialized.
 */
@RolesAllowed("admin")
public final class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Prometheus' text exposition format, version 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final transient JwtFilterState filter;
    private final transient PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** @param filter what the JWT filter publishes, its configuration (and so its listeners) among them */
    public MetricsServlet(JwtFilterState filter) {
        this.filter = filter;
    }

    @Override
    public void init() {
        JwtFilterMetrics.of(filter.config()).bindTo(registry);
        new JwksMetrics(filter.config()).bindTo(registry);
        filter.tokenCache().map(TokenCacheMetrics::new).ifPresent(cache -> cache.bindTo(registry));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        response.setContentType(CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    public void destroy() {
        registry.close();
    }
}
