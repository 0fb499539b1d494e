package dev.jwtfilter.mechanism;

import dev.jwtfilter.config.InvalidJwtConfigException;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.config.JwtConfigParams;
import dev.jwtfilter.core.AuthenticationOutcome;
import dev.jwtfilter.principal.JwtPrincipal;
import dev.jwtfilter.web.internal.ServletConfigReader;
import dev.jwtfilter.web.internal.ServletEdge;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Vetoed;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * JWT bearer authentication for Jakarta Security (Jakarta EE 10 servers: GlassFish, Payara, WildFly, Open
 * Liberty), with the filter's configuration keys, verifier and RFC 6750 answers. Opt-in: this class is
 * {@link Vetoed}, so putting the jar on the class path for its filter never activates it; an application
 * enables it with one class of its own,
 * <pre>{@code @ApplicationScoped public class ApiAuthentication extends JwtAuthenticationMechanism { }}</pre>
 * Configuration comes from the {@code jwt.*} context-params of {@code web.xml} (the filter's keys); override
 * {@link #configure(ServletContext)} to build it in code. It is started by the filter's own routine
 * ({@link ServletEdge#start}) when the application starts (CDI's {@code @Initialized(ApplicationScoped.class)}
 * event), so that a configuration that cannot work stops the deployment with every problem logged, as the
 * filter's does. Two cases wait for the first request instead, because what they read may be set later by the
 * application's own {@code ServletContextListener}: a configuration naming a servlet-context attribute
 * ({@code jwt.keys.attribute}, {@code jwt.revocation.attribute}, {@code jwt.dpop.replay-cache.attribute}), and an
 * overridden {@link #configure}. Started
 * on a request, a configuration that cannot work is refused the same way (logged once with every problem) and
 * every request is then answered 500 {@code server_error}. It publishes the filter's context attributes. A valid token logs the
 * caller in with its {@link JwtPrincipal} and roles as groups; an invalid one is 401 with the filter's challenge
 * and body; no token is 401 on protected resources and nothing on others. No HTTP session is created. A request
 * path that the request firewall refuses is 400 before anything else, as with the filter. Accepts and refusals
 * become auth events as with the filter; role checks are the container's, so they produce no event here.
 * Thread safe.
 */
@Vetoed
public class JwtAuthenticationMechanism implements HttpAuthenticationMechanism {
    private static final System.Logger LOG = System.getLogger(JwtAuthenticationMechanism.class.getName());
    private static final String WHO = "Jakarta Security mechanism";

    /** The started edge, or empty once start-up failed; {@code null} before start-up. */
    private volatile Optional<ServletEdge> edge;

    /**
     * Starts the mechanism when the application starts, so that a bad configuration fails the deployment,
     * unless the configuration may depend on the application's listeners (see the class description).
     *
     * @param servletContext the application's servlet context
     * @throws IllegalStateException when the configuration cannot work (every problem is logged before)
     */
    public void start(@Observes @Initialized(ApplicationScoped.class) ServletContext servletContext) {
        if (!startsWithTheApplication(servletContext)) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "JWT authentication starts on the first request: its configuration may"
                            + " depend on what the application's listeners set");
            return;
        }
        if (edge(servletContext).isEmpty()) {
            throw new IllegalStateException(
                    "JWT authentication not started: the configuration cannot work (see the" + " error logged before)");
        }
    }

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        Optional<ServletEdge> current = edge(request.getServletContext());
        if (current.isEmpty()) {
            return refuse(response, null, null);
        }
        if (servedMetadata(current.get(), request, response)) {
            return AuthenticationStatus.SEND_CONTINUE; // answered here: the container calls no resource
        }
        ServletEdge.Admission admission = current.get().admit(request, context.isProtected());
        if (admission.refusal().isPresent()) {
            ServletEdge.closeIfBodyUnread(request, response);
            return refuse(response, current.get(), admission);
        }
        current.get().admitted(response, admission);
        if (admission.outcome() instanceof AuthenticationOutcome.Authenticated authenticated) {
            JwtPrincipal principal = authenticated.principal();
            return context.notifyContainerAboutLogin(principal, principal.getRoles());
        }
        return context.doNothing();
    }

    /**
     * Builds the configuration; by default from the {@code jwt.*} context-params of the application, with
     * the same names, defaults and checks as the filter's init-params. Override to build one in code.
     *
     * @param servletContext the application's servlet context
     * @return the configuration, validated
     * @throws InvalidJwtConfigException listing every problem
     */
    protected JwtConfig configure(ServletContext servletContext) {
        return ServletConfigReader.read(servletContext, List.of(), name -> null);
    }

    private boolean startsWithTheApplication(ServletContext servletContext) {
        if (servletContext.getInitParameter(JwtConfigParams.KEYS_ATTRIBUTE) != null
                || servletContext.getInitParameter(JwtConfigParams.REVOCATION_ATTRIBUTE) != null
                || servletContext.getInitParameter(JwtConfigParams.DPOP_REPLAY_CACHE_ATTRIBUTE) != null) {
            return false;
        }
        for (Class<?> type = getClass(); type != JwtAuthenticationMechanism.class; type = type.getSuperclass()) {
            try {
                type.getDeclaredMethod("configure", ServletContext.class);
                return false;
            } catch (NoSuchMethodException e) {
                // not overridden here; look further up
            }
        }
        return true;
    }

    private Optional<ServletEdge> edge(ServletContext servletContext) {
        Optional<ServletEdge> current = edge;
        if (current == null) {
            synchronized (this) {
                current = edge;
                if (current == null) {
                    current = build(servletContext);
                    edge = current;
                }
            }
        }
        return current;
    }

    private Optional<ServletEdge> build(ServletContext servletContext) {
        try {
            JwtConfig config;
            try {
                config = configure(servletContext);
            } catch (InvalidJwtConfigException e) {
                throw ServletEdge.refused(WHO, e);
            }
            return Optional.of(ServletEdge.start(config, servletContext, WHO, false));
        } catch (InvalidJwtConfigException e) {
            return Optional.empty(); // fail closed: every request is refused until the application is fixed
        }
    }

    private static boolean servedMetadata(ServletEdge edge, HttpServletRequest request, HttpServletResponse response) {
        try {
            if (edge.servedMetadata(request, response)) {
                response.flushBuffer();
                return true;
            }
            return false;
        } catch (IOException e) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "Could not write the resource metadata: {0}",
                    e.getClass().getSimpleName());
            return true;
        }
    }

    private static AuthenticationStatus refuse(
            HttpServletResponse response, ServletEdge edge, ServletEdge.Admission admission) {
        try {
            if (edge == null) {
                ServletEdge.writeUnstarted(response);
            } else {
                edge.write(response, admission);
            }
            response.flushBuffer(); // committed, so the container cannot swap our answer for its error page
        } catch (IOException e) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "Could not write the refusal: {0}",
                    e.getClass().getSimpleName());
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
