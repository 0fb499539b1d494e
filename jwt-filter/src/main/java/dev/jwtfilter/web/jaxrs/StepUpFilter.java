package dev.jwtfilter.web.jaxrs;

import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.core.JwtAuthenticator;
import dev.jwtfilter.core.Presentation;
import dev.jwtfilter.core.StepUp;
import dev.jwtfilter.core.StepUpRequirement;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.event.AuthEvent;
import dev.jwtfilter.event.AuthEventListener;
import dev.jwtfilter.principal.JwtPrincipal;
import dev.jwtfilter.web.ChallengeWriter;
import dev.jwtfilter.web.JwtAuthenticationFilter;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The check {@link StepUpFeature} registers on one resource method: its requirement against the request's caller,
 * answered as the filter answers (the same status, challenges, headers and body). Thread safe.
 */
final class StepUpFilter implements ContainerRequestFilter {
    private static final System.Logger LOG = System.getLogger(StepUpFilter.class.getName());
    private static final AtomicBoolean UNSTARTED_LOGGED = new AtomicBoolean();
    private final StepUpRequirement requirement;
    private final ServletContext servletContext;
    private final boolean located;

    /**
     * @param requirement the method's requirement, or {@code null} for an unusable annotation: refuse everyone
     * @param servletContext where the filter or the mechanism published its configuration and event listener
     */
    StepUpFilter(StepUpRequirement requirement, ServletContext servletContext) {
        this(requirement, servletContext, false);
    }

    private StepUpFilter(StepUpRequirement requirement, ServletContext servletContext, boolean located) {
        this.requirement = requirement;
        this.servletContext = servletContext;
        this.located = located;
    }

    /**
     * The check of a sub-resource method without an annotation of its own: the requirement, if any, is that of a
     * resource it was located through (a class carrying {@link StepUp} whose locator returned it), found per request.
     *
     * @param servletContext where the filter or the mechanism published its configuration and event listener
     * @return the check
     */
    static StepUpFilter located(ServletContext servletContext) {
        return new StepUpFilter(null, servletContext, true);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!located) {
            check(request, requirement);
            return;
        }
        List<Object> matched = request.getUriInfo().getMatchedResources();
        for (int i = 1; i < matched.size(); i++) { // 0 is the sub-resource itself, which has no annotation
            StepUp enclosing = StepUpFeature.annotationOf(null, matched.get(i).getClass());
            if (enclosing != null) {
                check(
                        request,
                        StepUpFeature.requirementOrNull(
                                enclosing, matched.get(i).getClass()));
                return;
            }
        }
    }

    private void check(ContainerRequestContext request, StepUpRequirement requirement) {
        Object published =
                servletContext == null ? null : servletContext.getAttribute(JwtAuthenticationFilter.CONFIG_ATTRIBUTE);
        if (!(published instanceof JwtConfig config)) {
            if (UNSTARTED_LOGGED.compareAndSet(false, true)) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "@StepUp cannot be checked: no JWT filter or mechanism has published its configuration in"
                                + " this application, so every request to a @StepUp resource is refused with 500");
            }
            request.abortWith(
                    answer(new ChallengeWriter("jwt"), BearerError.MISCONFIGURED, Presentation.Scheme.BEARER));
            return;
        }
        Principal caller = request.getSecurityContext().getUserPrincipal();
        refusal(requirement, caller, config).ifPresent(error -> {
            report(error, caller, config);
            request.abortWith(answer(ChallengeWriter.of(config), error, schemeOf(request)));
        });
    }

    private static Optional<BearerError> refusal(StepUpRequirement requirement, Principal caller, JwtConfig config) {
        if (requirement == null) {
            return Optional.of(BearerError.ACCESS_DENIED);
        }
        if (caller == null) {
            return Optional.of(BearerError.MISSING_TOKEN);
        }
        return requirement.refusal(caller instanceof JwtPrincipal principal ? principal : null, config);
    }

    private void report(BearerError error, Principal caller, JwtConfig config) {
        if (servletContext.getAttribute(JwtAuthenticationFilter.EVENT_LISTENER_ATTRIBUTE)
                instanceof AuthEventListener events) {
            JwtPrincipal principal = caller instanceof JwtPrincipal p ? p : null;
            events.onEvent(new AuthEvent(
                    JwtAuthenticator.refusalReason(error),
                    config.clock().instant(),
                    principal == null ? null : principal.getIssuer(),
                    principal == null ? null : principal.getJwt().subject().orElse(null)));
        }
    }

    /** The filter let the request through, so a {@code DPoP} scheme here came with a proof it accepted. */
    private static Presentation.Scheme schemeOf(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "DPoP ", 0, 5)
                ? Presentation.Scheme.DPOP
                : Presentation.Scheme.BEARER;
    }

    /** The filter's answer: one {@code WWW-Authenticate} header per challenge, the body the configuration asks for. */
    private static Response answer(ChallengeWriter challenges, BearerError error, Presentation.Scheme scheme) {
        Response.ResponseBuilder answer = Response.status(error.status());
        challenges.headers(error, scheme).forEach((name, value) -> {
            if (name.equals("WWW-Authenticate")) {
                challenges.challenges(error, scheme).forEach(challenge -> answer.header(name, challenge));
            } else {
                answer.header(name, value);
            }
        });
        return answer.type(challenges.contentType())
                .entity(challenges.responseBody(error))
                .build();
    }
}
