package dev.jwtfilter.web;

import dev.jwtfilter.config.InvalidJwtConfigException;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.core.AuthenticationOutcome;
import dev.jwtfilter.event.AuthEventCounters;
import dev.jwtfilter.event.AuthEventListener;
import dev.jwtfilter.web.internal.AuthenticatedRequest;
import dev.jwtfilter.web.internal.ServletConfigReader;
import dev.jwtfilter.web.internal.ServletEdge;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;

/**
 * The drop-in servlet filter: refuses ambiguous request paths ({@code RequestFirewall}), authenticates
 * {@code Authorization: Bearer} JWTs, makes the request's security context answer from the token, and
 * enforces public paths, the mode and servlet security annotations, answering refusals per RFC 6750.
 * Declare it in {@code web.xml} with {@code jwt.*} init-params (context-params as fallback; see
 * {@link dev.jwtfilter.config.JwtConfigParams}), or construct it with a
 * {@link JwtConfig}. Everything is built in {@link #init}; an invalid configuration fails start-up.
 * Thread safe.
 */
public class JwtAuthenticationFilter implements Filter {
    /**
     * The servlet-context attribute under which {@link #init} publishes the configuration it built, so
     * that the application's own login code can issue tokens under exactly the rules the filter checks.
     */
    public static final String CONFIG_ATTRIBUTE = ServletEdge.CONFIG_ATTRIBUTE;
    /**
     * The servlet-context attribute under which {@link #init} publishes its {@link AuthEventCounters}, the
     * live count of accepts and refusals per reason, for a metrics endpoint of the application.
     */
    public static final String EVENT_COUNTERS_ATTRIBUTE = ServletEdge.EVENT_COUNTERS_ATTRIBUTE;
    /**
     * The servlet-context attribute under which {@link #init} publishes its event {@link AuthEventListener}
     * (counters, log line and configured listeners), so that application code refusing a request on its own,
     * such as a Jakarta REST role check, can report the refusal like the filter does.
     */
    public static final String EVENT_LISTENER_ATTRIBUTE = ServletEdge.EVENT_LISTENER_ATTRIBUTE;
    /**
     * The servlet-context attribute under which {@link #init} publishes the verified-token cache's live, read-only
     * {@link dev.jwtfilter.core.TokenCacheStatistics} (size, hits, misses, evictions), for metrics; absent when the
     * cache is off.
     */
    public static final String TOKEN_CACHE_ATTRIBUTE = ServletEdge.TOKEN_CACHE_ATTRIBUTE;
    /**
     * The request attribute holding the {@link AuthenticationOutcome} of the token a request carried, on every
     * request the filter lets through with one (an authenticated caller, or a refused token on a public path), so
     * that code on a public path, such as a logout endpoint, can tell an invalid token (401 {@code invalid_token})
     * from one that could not be checked because keys or the revocation store were unavailable (503).
     */
    public static final String OUTCOME_ATTRIBUTE = ServletEdge.OUTCOME_ATTRIBUTE;

    private final JwtConfig presetConfig;
    private ServletEdge edge;

    /** For {@code web.xml}: the configuration is read from init-params in {@link #init}. */
    public JwtAuthenticationFilter() {
        this.presetConfig = null;
    }

    /**
     * For registration in code: uses this configuration and ignores init-params.
     *
     * @param config the configuration to use
     */
    public JwtAuthenticationFilter(JwtConfig config) {
        this.presetConfig = config;
    }

    /**
     * Starts the filter ({@link ServletEdge#start}); a configuration that cannot work is logged with every
     * problem and fails start-up with a {@link ServletException}, so the application does not serve unprotected.
     */
    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        String who = "filter '" + filterConfig.getFilterName() + "'";
        try {
            JwtConfig config = presetConfig != null ? presetConfig : read(filterConfig, who);
            this.edge = ServletEdge.start(config, filterConfig.getServletContext(), who, true);
        } catch (InvalidJwtConfigException e) {
            throw new ServletException(e.getMessage());
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest httpRequest)
                || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        if (edge.servedMetadata(httpRequest, httpResponse)) {
            return;
        }
        ServletEdge.Admission admission = edge.admit(httpRequest, true);
        if (admission.refusal().isPresent()) {
            edge.write(httpRequest, httpResponse, admission);
            return;
        }
        edge.admitted(httpResponse, admission);
        chain.doFilter(
                admission.outcome() instanceof AuthenticationOutcome.Authenticated authenticated
                        ? new AuthenticatedRequest(httpRequest, authenticated.principal())
                        : httpRequest,
                response);
    }

    private static JwtConfig read(FilterConfig filterConfig, String who) {
        try {
            return ServletConfigReader.read(
                    filterConfig.getServletContext(),
                    Collections.list(filterConfig.getInitParameterNames()),
                    filterConfig::getInitParameter);
        } catch (InvalidJwtConfigException e) {
            throw ServletEdge.refused(who, e);
        }
    }
}
