package dev.jwtfilter.web.jaxrs;

import dev.jwtfilter.core.StepUp;
import dev.jwtfilter.core.StepUpRequirement;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;

/**
 * Enforces {@link StepUp} (RFC 9470) on Jakarta REST resource methods and classes, as the filter and the mechanism
 * do on servlets: register it in the application ({@code register(StepUpFeature.class)} in a {@code ResourceConfig},
 * or in {@code Application#getClasses()}). An annotation on the resource method replaces the one on its class. A
 * request whose caller ({@code SecurityContext#getUserPrincipal()}, the {@code JwtPrincipal} the filter or the
 * mechanism authenticated) does not meet the requirement is aborted with the status and challenges the filter gives:
 * 401 {@code insufficient_user_authentication} with {@code acr_values} and {@code max_age}, on the {@code DPoP}
 * challenge for a DPoP request; without a caller, 401 with a bare challenge. As the filter, it writes one
 * {@code WWW-Authenticate} header per challenge and the body {@code jwt.problem-details} asks for. It runs after the
 * role check of
 * {@code RolesAllowedDynamicFeature} ({@link Priorities#AUTHORIZATION}), so a missing role stays a 403. Refusals
 * are reported to the auth event listener the filter or the mechanism publishes in the servlet context. An
 * annotation that requires nothing or has a negative age other than {@code -1} refuses every request to the
 * resource with 403, logged once at start. Needs the filter or the mechanism in front (without them every
 * annotated resource answers 500). Thread safe.
 */
public final class StepUpFeature implements DynamicFeature {
    private static final System.Logger LOG = System.getLogger(StepUpFeature.class.getName());

    @Context
    private ServletContext servletContext;

    /** Creates the feature; Jakarta REST does, from the class registered, and injects the servlet context. */
    public StepUpFeature() {}

    /**
     * Adds a step-up check to a resource method that carries {@link StepUp}, or whose class does.
     *
     * @param resourceInfo the resource method and class
     * @param context where the check is registered
     */
    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        Method method = resourceInfo.getResourceMethod();
        StepUp annotation = method == null ? null : method.getAnnotation(StepUp.class);
        if (annotation == null && resourceInfo.getResourceClass() != null) {
            annotation = resourceInfo.getResourceClass().getAnnotation(StepUp.class);
        }
        if (annotation != null) {
            context.register(filterFor(annotation, method, servletContext), Priorities.AUTHORIZATION + 1);
        }
    }

    private static StepUpFilter filterFor(StepUp annotation, Method method, ServletContext servletContext) {
        try {
            return new StepUpFilter(StepUpRequirement.of(annotation), servletContext);
        } catch (IllegalArgumentException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "@StepUp on {0} is not usable ({1}): every request to it is refused",
                    method,
                    e.getMessage());
            return new StepUpFilter(null, servletContext);
        }
    }
}
