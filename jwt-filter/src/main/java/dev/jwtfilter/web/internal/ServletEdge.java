package dev.jwtfilter.web.internal;

import dev.jwtfilter.config.InvalidJwtConfigException;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.config.ResourceMetadata;
import dev.jwtfilter.core.AccessRequirement;
import dev.jwtfilter.core.AuthenticationOutcome;
import dev.jwtfilter.core.JwtAuthenticator;
import dev.jwtfilter.core.Presentation;
import dev.jwtfilter.core.RoleScopes;
import dev.jwtfilter.core.TokenCacheStatistics;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.event.AuthEventCounters;
import dev.jwtfilter.event.AuthEventListener;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.web.ChallengeWriter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

/**
 * What the servlet filter and the Jakarta Security mechanism share, so that they cannot drift apart: one
 * start-up routine ({@link #start}) that builds everything from a configuration, refuses a bad one the same
 * way and publishes the same context attributes; and per request one admission: the request firewall, the
 * token (resolved from the request, then the servlet-free {@link JwtAuthenticator}), the access decision
 * ({@link AccessRequirement#refusal}) and the report of a refusal. Only the requirement differs: the filter
 * reads servlet annotations, public paths and the mode; the mechanism public paths and whether the container
 * protects the resource. Not API: used by {@link dev.jwtfilter.web.JwtAuthenticationFilter} and
 * {@code dev.jwtfilter.mechanism.JwtAuthenticationMechanism}. Thread safe once started.
 */
public final class ServletEdge {
    /** The context attribute holding the {@link JwtConfig} the edge was started with. */
    public static final String CONFIG_ATTRIBUTE = JwtConfig.class.getName();
    /**
     * The request attribute holding the {@link AuthenticationOutcome} of a token the request carried, set on every
     * request let through with one: so that code on a public path can tell a token that was refused as invalid
     * from one that could not be checked (a 503 outage) and answer accordingly.
     */
    public static final String OUTCOME_ATTRIBUTE = AuthenticationOutcome.class.getName();
    /**
     * The request attribute in which the container puts the TLS client certificate chain (Servlet 6.0 section
     * 3.10), the client's own certificate first: what a certificate-bound token is checked against.
     */
    public static final String CLIENT_CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";
    /** The context attribute holding the live {@link AuthEventCounters}. */
    public static final String EVENT_COUNTERS_ATTRIBUTE = AuthEventCounters.class.getName();
    /** The context attribute holding the {@link AuthEventListener} that reports like the edge does. */
    public static final String EVENT_LISTENER_ATTRIBUTE = AuthEventListener.class.getName();
    /** The context attribute holding the live {@link TokenCacheStatistics}, when the verified-token cache is on. */
    public static final String TOKEN_CACHE_ATTRIBUTE = TokenCacheStatistics.class.getName();

    private static final System.Logger LOG = System.getLogger(ServletEdge.class.getName());

    private final BearerTokenResolver resolver;
    private final JwtAuthenticator authenticator;
    private final AccessRules accessRules;
    private final StepUpRules stepUps;
    private final PathPatterns publicPaths;
    private final ChallengeWriter challenges;
    private final RequestFirewall firewall;
    private final RequestTarget targets;
    private final ResourceMetadata metadata;
    private final RoleScopes roleScopes;

    /**
     * One request's admission.
     *
     * @param outcome what the token gave, or {@code null} when the firewall refused the request first
     * @param refusal the answer to give, or empty to let the request through
     * @param scheme the scheme the request's token came with, whose challenge carries the error
     */
    public record Admission(AuthenticationOutcome outcome, Optional<BearerError> refusal, Presentation.Scheme scheme) {
        /**
         * An admission of a request that used the {@code Bearer} scheme, or none.
         *
         * @param outcome what the token gave, or {@code null} when the firewall refused the request first
         * @param refusal the answer to give, or empty to let the request through
         */
        public Admission(AuthenticationOutcome outcome, Optional<BearerError> refusal) {
            this(outcome, refusal, Presentation.Scheme.BEARER);
        }
    }

    /** The {@code DPoP} request header holding a proof (RFC 9449 section 4.1). */
    public static final String DPOP_HEADER = "DPoP";

    private ServletEdge(JwtConfig config, AccessRules accessRules, StepUpRules stepUps) {
        this.resolver = new BearerTokenResolver(config);
        this.authenticator = new JwtAuthenticator(config);
        this.accessRules = accessRules;
        this.stepUps = stepUps;
        this.publicPaths = new PathPatterns(config.publicPaths());
        this.challenges = ChallengeWriter.of(config);
        this.firewall = new RequestFirewall(config.firewallAllowed());
        this.targets = new RequestTarget(config);
        this.metadata = config.resourceMetadata().orElse(null);
        this.roleScopes = RoleScopes.of(config.trustedIssuers());
    }

    /**
     * The start-up routine of both edges: builds the resolver, the authentication core, the access rules, the
     * challenge writer and the firewall; publishes the configuration, the event counters and the event listener
     * as context attributes; logs one line naming the trusted issuers. A configuration that cannot work is
     * refused here, logged at error level with every problem, and never half started.
     *
     * @param config the configuration, already built and checked
     * @param context where the attributes are published and servlet annotations are read
     * @param who names the edge in log lines, e.g. {@code filter 'jwt'}
     * @param servletAnnotations whether the edge enforces servlet annotations and the mode itself (the filter)
     *        or leaves authorization to the container (the mechanism)
     * @return the started edge
     * @throws InvalidJwtConfigException when the edge cannot be started, listing why
     */
    public static ServletEdge start(JwtConfig config, ServletContext context, String who, boolean servletAnnotations) {
        ServletEdge edge;
        try {
            edge = new ServletEdge(
                    config,
                    servletAnnotations ? new AccessRules(config, context) : null,
                    new StepUpRules(config, context));
        } catch (IllegalStateException e) {
            throw refused(who, new InvalidJwtConfigException(List.of(e.getMessage())));
        }
        context.setAttribute(CONFIG_ATTRIBUTE, config);
        context.setAttribute(EVENT_COUNTERS_ATTRIBUTE, edge.authenticator.counters());
        context.setAttribute(EVENT_LISTENER_ATTRIBUTE, edge.authenticator.events());
        edge.authenticator.cacheStatistics().ifPresent(cache -> context.setAttribute(TOKEN_CACHE_ATTRIBUTE, cache));
        LOG.log(
                System.Logger.Level.INFO,
                "JWT authentication ({0}) ready: issuers {1}, mode {2}",
                who,
                config.trustedIssuers().stream()
                        .map(issuer -> issuer.issuer() + " " + issuer.algorithms() + " "
                                + issuer.dpopPolicy().wireName())
                        .toList(),
                servletAnnotations ? config.mode() : "container");
        return edge;
    }

    /**
     * Logs a configuration that stops an edge from starting, once, at error level.
     *
     * @param who names the edge in the log line, e.g. {@code filter 'jwt'}
     * @param e the exception listing the problems
     * @return the exception, to throw
     */
    public static InvalidJwtConfigException refused(String who, InvalidJwtConfigException e) {
        LOG.log(System.Logger.Level.ERROR, "JWT authentication ({0}) not started: {1}", who, e.getMessage());
        return e;
    }

    /**
     * Admits one request: the firewall, then the token, then the access decision, then the step-up requirements
     * (RFC 9470: servlet {@code @StepUp} and {@code jwt.step-up} paths); a refusal is reported as an
     * auth event here, but not written. A request let through with a token carries its outcome in
     * {@link #OUTCOME_ATTRIBUTE}.
     *
     * @param request the request
     * @param protectedByContainer for the mechanism: whether the container requires a caller for this resource
     * @return the token's outcome and the refusal, if any
     */
    public Admission admit(HttpServletRequest request, boolean protectedByContainer) {
        if (firewall.violation(request).isPresent()) {
            return new Admission(null, Optional.of(BearerError.REJECTED_PATH));
        }
        AccessRequirement requirement = requirementFor(request, protectedByContainer);
        TokenResolution resolution = resolver.resolve(request);
        AuthenticationOutcome outcome = authenticate(request, resolution);
        Optional<BearerError> refusal = requirement.refusal(outcome, roleScopes);
        if (refusal.isEmpty()) {
            refusal = stepUps.refusal(request, outcome); // after the role check: a missing role stays a 403
        }
        refusal.ifPresent(error -> authenticator.reportRefusal(error, outcome));
        if (refusal.isEmpty() && !(outcome instanceof AuthenticationOutcome.Anonymous)) {
            request.setAttribute(OUTCOME_ATTRIBUTE, outcome);
        }
        return new Admission(outcome, refusal, schemeOf(resolution));
    }

    /**
     * Answers a {@code GET} or {@code HEAD} of the protected resource metadata (RFC 9728 section 3) when it is on:
     * 200 with the JSON document, to anyone, before any token check.
     *
     * @param request the request
     * @param response its response
     * @return whether the request was the metadata's and has been answered
     * @throws IOException if the response cannot be written
     */
    public boolean servedMetadata(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (metadata == null
                || !("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))
                || !metadata.path().equals(pathWithinApplication(request))) {
            return false;
        }
        byte[] body = metadata.document().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "public, max-age=600");
        response.setContentLength(body.length);
        if ("GET".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
        return true;
    }

    private static String pathWithinApplication(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return uri != null && context != null && uri.startsWith(context) ? uri.substring(context.length()) : null;
    }

    /**
     * Writes the 500 of an edge whose configuration could not be built, with the default realm.
     *
     * @param response the response to write to
     * @throws IOException if the response cannot be written
     */
    public static void writeUnstarted(HttpServletResponse response) throws IOException {
        new ChallengeWriter("jwt").write(response, BearerError.MISCONFIGURED);
    }

    /**
     * Writes a refusal: status, RFC 6750 challenge, JSON body.
     *
     * @param response the response to write to
     * @param refusal the refusal to write
     * @throws IOException if the response cannot be written
     */
    public void write(HttpServletResponse response, BearerError refusal) throws IOException {
        challenges.write(response, refusal);
    }

    /**
     * Writes the refusal of an admission, and closes an HTTP/1 connection whose request body was not read: a
     * container that finds the body unread when the answer is done (Jetty when it has not all arrived) closes the
     * connection without saying so, and a client reusing it sends its next request into a closed connection. The
     * body of an unauthenticated request is never read to keep the connection.
     *
     * @param request the refused request
     * @param response its response
     * @param admission a refused admission
     * @throws IOException if the answer cannot be written
     */
    public void write(HttpServletRequest request, HttpServletResponse response, Admission admission)
            throws IOException {
        closeIfBodyUnread(request, response);
        write(response, admission);
    }

    /**
     * Adds {@code Connection: close} (RFC 9110 section 9.6) to the answer of an HTTP/1 request that has a body.
     *
     * @param request the request being refused before its body was read
     * @param response its response
     */
    public static void closeIfBodyUnread(HttpServletRequest request, HttpServletResponse response) {
        boolean body = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (body && request.getProtocol() != null && request.getProtocol().startsWith("HTTP/1")) {
            response.setHeader("Connection", "close");
        }
    }

    /**
     * Writes an admission's refusal, with the error in the challenge of the scheme the request used.
     *
     * @param response the response to write to
     * @param admission an admission with a refusal
     * @throws IOException if the response cannot be written
     */
    public void write(HttpServletResponse response, Admission admission) throws IOException {
        challenges.write(response, admission.refusal().orElseThrow(), admission.scheme());
    }

    /**
     * Adds what the answer to an admitted request needs: a fresh {@code DPoP-Nonce} for a DPoP request when server
     * nonces are on.
     *
     * @param response the response of the admitted request
     * @param admission an admission without a refusal
     */
    public void admitted(HttpServletResponse response, Admission admission) {
        challenges.accepted(response, admission.scheme());
    }

    private AccessRequirement requirementFor(HttpServletRequest request, boolean protectedByContainer) {
        if (accessRules != null) {
            return accessRules.requirementFor(request);
        }
        if (publicPaths.matches(request)) {
            return AccessRequirement.PUBLIC;
        }
        return protectedByContainer ? AccessRequirement.AUTHENTICATED : AccessRequirement.ANONYMOUS;
    }

    private AuthenticationOutcome authenticate(HttpServletRequest request, TokenResolution resolution) {
        if (resolution instanceof TokenResolution.Found found) {
            if (found.scheme() == Presentation.Scheme.BEARER) {
                return authenticator.authenticate(found.token(), clientCertificate(request));
            }
            Enumeration<String> proofs = request.getHeaders(DPOP_HEADER);
            String proof = proofs != null && proofs.hasMoreElements() ? proofs.nextElement() : null;
            if (proof != null && proofs.hasMoreElements()) {
                // RFC 9449 section 4.3: exactly one proof
                return authenticator.refuse(BearerError.INVALID_DPOP_PROOF, AuthEventReason.INVALID_PROOF);
            }
            return authenticator.authenticate(new Presentation(
                    found.token(),
                    Presentation.Scheme.DPOP,
                    proof,
                    request.getMethod(),
                    targets.of(request),
                    clientCertificate(request)));
        }
        if (resolution instanceof TokenResolution.Refused refused) {
            return authenticator.refuse(refused.error());
        }
        return AuthenticationOutcome.ANONYMOUS;
    }

    private static Presentation.Scheme schemeOf(TokenResolution resolution) {
        if (resolution instanceof TokenResolution.Found found) {
            return found.scheme();
        }
        return resolution instanceof TokenResolution.Refused refused ? refused.scheme() : Presentation.Scheme.BEARER;
    }

    /** @return the client's own certificate of the connection's chain, or {@code null} when it presented none */
    private static X509Certificate clientCertificate(HttpServletRequest request) {
        return request.getAttribute(CLIENT_CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] chain && chain.length > 0
                ? chain[0]
                : null;
    }
}
