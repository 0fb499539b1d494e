package dev.jwtfilter.mechanism;

import dev.jwtfilter.config.InvalidJwtConfigException;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.principal.JwtPrincipal;
import dev.jwtfilter.web.AuthenticationOutcome;
import dev.jwtfilter.web.ChallengeWriter;
import dev.jwtfilter.web.JwtAuthenticationFilter;
import dev.jwtfilter.web.JwtAuthenticator;
import dev.jwtfilter.web.PathPatterns;
import dev.jwtfilter.web.RequestFirewall;
import dev.jwtfilter.web.ServletConfigReader;
import jakarta.enterprise.inject.Vetoed;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * JWT bearer authentication for Jakarta Security (Jakarta EE 10 servers: GlassFish, Payara, WildFly, Open
 * Liberty), with the filter's configuration keys, verifier and RFC 6750 answers. Opt-in: this class is
 * {@link Vetoed}, so putting the jar on the class path for its filter never activates it; an application
 * enables it with one class of its own,
 * <pre>{@code @ApplicationScoped public class ApiAuthentication extends JwtAuthenticationMechanism { }}</pre>
 * Configuration comes from the {@code jwt.*} context-params of {@code web.xml} (the filter's keys), read on
 * the first request; override {@link #configure(ServletContext)} to build it in code. A valid token logs
 * the caller in with its {@link JwtPrincipal} and roles as groups; an invalid one is 401 with the filter's
 * challenge and body; no token is 401 on protected resources and nothing on others. No HTTP session is
 * created. A request path that {@link RequestFirewall} refuses is 400 before anything else, as with the
 * filter. Accepts and refusals become auth events as with the filter, and the counters and listener are
 * published under the filter's attribute names on the first request; role checks are the container's, so
 * they produce no event here. Thread safe.
 */
@Vetoed
public class JwtAuthenticationMechanism implements HttpAuthenticationMechanism {
    private static final System.Logger LOG = System.getLogger(JwtAuthenticationMechanism.class.getName());
    private static final ChallengeWriter MISCONFIGURED_WRITER = new ChallengeWriter("jwt");

    private volatile Setup setup;

    /** What one configuration builds, once. */
    private record Setup(JwtAuthenticator authenticator, PathPatterns publicPaths, ChallengeWriter challenges,
                         RequestFirewall firewall) {
        static final Setup BROKEN = new Setup(null, null, null, null);
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        Setup current = setup(request.getServletContext());
        if (current == Setup.BROKEN) {
            return refuse(response, MISCONFIGURED_WRITER, BearerError.MISCONFIGURED);
        }
        if (current.firewall().violation(request).isPresent()) {
            return refuse(response, current.challenges(), BearerError.REJECTED_PATH);
        }
        AuthenticationOutcome outcome = current.authenticator().authenticate(request);
        if (outcome instanceof AuthenticationOutcome.Authenticated authenticated) {
            JwtPrincipal principal = authenticated.principal();
            return context.notifyContainerAboutLogin(principal, principal.getRoles());
        }
        if (outcome instanceof AuthenticationOutcome.Failed failed && !current.publicPaths().matches(request)) {
            return refuse(response, current.challenges(), failed.error());
        }
        if (outcome instanceof AuthenticationOutcome.Anonymous && context.isProtected()) {
            current.authenticator().reportRefusal(BearerError.MISSING_TOKEN, outcome);
            return refuse(response, current.challenges(), BearerError.MISSING_TOKEN);
        }
        return context.doNothing();
    }

    /**
     * Builds the configuration; by default from the {@code jwt.*} context-params of the application, with
     * the same names, defaults and checks as the filter's init-params. Override to build one in code.
     *
     * @throws InvalidJwtConfigException listing every problem
     */
    protected JwtConfig configure(ServletContext servletContext) {
        return ServletConfigReader.read(servletContext, List.of(), name -> null);
    }

    private Setup setup(ServletContext servletContext) {
        Setup current = setup;
        if (current == null) {
            synchronized (this) {
                current = setup;
                if (current == null) {
                    current = build(servletContext);
                    setup = current;
                }
            }
        }
        return current;
    }

    private Setup build(ServletContext servletContext) {
        try {
            JwtConfig config = configure(servletContext);
            LOG.log(System.Logger.Level.INFO, "JWT authentication mechanism ready: issuers {0}", config.trustedIssuers()
                    .stream().map(issuer -> issuer.issuer() + " " + issuer.algorithms()).toList());
            JwtAuthenticator authenticator = new JwtAuthenticator(config);
            servletContext.setAttribute(JwtAuthenticationFilter.EVENT_COUNTERS_ATTRIBUTE, authenticator.counters());
            servletContext.setAttribute(JwtAuthenticationFilter.EVENT_LISTENER_ATTRIBUTE, authenticator.events());
            return new Setup(authenticator, new PathPatterns(config.publicPaths()), new ChallengeWriter(config.realm()),
                    new RequestFirewall(config.firewallAllowed()));
        } catch (InvalidJwtConfigException e) {
            // Fail closed: every request is refused until the application is fixed and redeployed.
            LOG.log(System.Logger.Level.ERROR, "JWT authentication mechanism not configured, refusing all requests: {0}",
                    e.getMessage());
            return Setup.BROKEN;
        }
    }

    private static AuthenticationStatus refuse(HttpServletResponse response, ChallengeWriter challenges, BearerError error) {
        try {
            challenges.write(response, error);
            response.flushBuffer(); // committed, so the container cannot swap our answer for its error page
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Could not write the refusal: {0}", e.getClass().getSimpleName());
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
