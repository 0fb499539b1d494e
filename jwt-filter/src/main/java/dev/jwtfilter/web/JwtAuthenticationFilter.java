package dev.jwtfilter.web;

import dev.jwtfilter.config.InvalidJwtConfigException;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.event.AuthEventCounters;
import dev.jwtfilter.event.AuthEventListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Optional;

/**
 * The drop-in servlet filter: refuses ambiguous request paths ({@link RequestFirewall}), authenticates
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
    public static final String CONFIG_ATTRIBUTE = JwtConfig.class.getName();
    /**
     * The servlet-context attribute under which {@link #init} publishes its {@link AuthEventCounters}, the
     * live count of accepts and refusals per reason, for a metrics endpoint of the application.
     */
    public static final String EVENT_COUNTERS_ATTRIBUTE = AuthEventCounters.class.getName();
    /**
     * The servlet-context attribute under which {@link #init} publishes its event {@link AuthEventListener}
     * (counters, log line and configured listeners), so that application code refusing a request on its own,
     * such as a Jakarta REST role check, can report the refusal like the filter does.
     */
    public static final String EVENT_LISTENER_ATTRIBUTE = AuthEventListener.class.getName();
    private static final System.Logger LOG = System.getLogger(JwtAuthenticationFilter.class.getName());

    private final JwtConfig presetConfig;
    private JwtAuthenticator authenticator;
    private AccessRules accessRules;
    private ChallengeWriter challenges;
    private RequestFirewall firewall;

    /** For {@code web.xml}: the configuration is read from init-params in {@link #init}. */
    public JwtAuthenticationFilter() {
        this.presetConfig = null;
    }

    /** For registration in code: uses this configuration and ignores init-params. */
    public JwtAuthenticationFilter(JwtConfig config) {
        this.presetConfig = config;
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        ServletContext context = filterConfig.getServletContext();
        JwtConfig config = presetConfig != null ? presetConfig : parse(filterConfig);
        this.authenticator = new JwtAuthenticator(config);
        try {
            this.accessRules = new AccessRules(config, context);
        } catch (IllegalStateException e) {
            LOG.log(System.Logger.Level.ERROR, "JWT filter ''{0}'' not started: {1}", filterConfig.getFilterName(), e.getMessage());
            throw new ServletException(e.getMessage());
        }
        this.challenges = new ChallengeWriter(config.realm());
        this.firewall = new RequestFirewall(config.firewallAllowed());
        context.setAttribute(CONFIG_ATTRIBUTE, config);
        context.setAttribute(EVENT_COUNTERS_ATTRIBUTE, authenticator.counters());
        context.setAttribute(EVENT_LISTENER_ATTRIBUTE, authenticator.events());
        LOG.log(System.Logger.Level.INFO, "JWT filter ''{0}'' ready: issuers {1}, mode {2}",
                filterConfig.getFilterName(), config.trustedIssuers().stream()
                        .map(issuer -> issuer.issuer() + " " + issuer.algorithms()).toList(), config.mode());
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest httpRequest) || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        if (firewall.refused(httpRequest, httpResponse, challenges)) {
            return;
        }
        AccessRequirement requirement = accessRules.requirementFor(httpRequest);
        AuthenticationOutcome outcome = authenticator.authenticate(httpRequest);
        Optional<BearerError> refusal = AccessRules.refusal(requirement, outcome);
        if (refusal.isPresent()) {
            authenticator.reportRefusal(refusal.get(), outcome);
            challenges.write(httpResponse, refusal.get());
            return;
        }
        chain.doFilter(outcome instanceof AuthenticationOutcome.Authenticated authenticated
                ? new AuthenticatedRequest(httpRequest, authenticated.principal()) : httpRequest, response);
    }

    private static JwtConfig parse(FilterConfig filterConfig) throws ServletException {
        try {
            return ServletConfigReader.read(filterConfig.getServletContext(),
                    Collections.list(filterConfig.getInitParameterNames()), filterConfig::getInitParameter);
        } catch (InvalidJwtConfigException e) {
            LOG.log(System.Logger.Level.ERROR, "JWT filter ''{0}'' not started: {1}",
                    filterConfig.getFilterName(), e.getMessage());
            throw new ServletException(e.getMessage());
        }
    }
}
