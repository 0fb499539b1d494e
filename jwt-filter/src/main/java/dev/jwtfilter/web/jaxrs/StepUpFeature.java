package dev.jwtfilter.web.jaxrs;

import dev.jwtfilter.core.StepUp;
import dev.jwtfilter.core.StepUpRequirement;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Enforces {@link StepUp} (RFC 9470) on Jakarta REST resource methods and classes, as the filter and the mechanism
 * do on servlets: register it in the application ({@code register(StepUpFeature.class)} in a {@code ResourceConfig},
 * or in {@code Application#getClasses()}). An annotation on the resource method replaces the one on its class; both
 * are also found where Jakarta REST inherits them from, a superclass or an interface, and a sub-resource without
 * one gets that of the class of the resource whose locator returned it (an annotation on the locator method
 * itself is not seen: annotate the class or the sub-resource). A
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
        StepUp annotation = annotationOf(method, resourceInfo.getResourceClass());
        if (annotation != null) {
            context.register(filterFor(annotation, method, servletContext), Priorities.AUTHORIZATION + 1);
        } else if (resourceInfo.getResourceClass() != null && !isRoot(resourceInfo.getResourceClass())) {
            // A sub-resource, reached through a locator: the locating resource's class annotation applies.
            context.register(StepUpFilter.located(servletContext), Priorities.AUTHORIZATION + 1);
        }
    }

    /** @return whether the class or a type it extends carries {@code @Path}: a root resource, not a sub-resource */
    private static boolean isRoot(Class<?> resourceClass) {
        return hierarchy(resourceClass).stream().anyMatch(type -> type.isAnnotationPresent(Path.class));
    }

    /**
     * @param annotation an annotation found on a resource
     * @param where the resource, for the log
     * @return its requirement, or {@code null} (refuse everyone) for an unusable one, logged
     */
    static StepUpRequirement requirementOrNull(StepUp annotation, Object where) {
        try {
            return StepUpRequirement.of(annotation);
        } catch (IllegalArgumentException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "@StepUp on {0} is not usable ({1}): every request to it is refused",
                    where,
                    e.getMessage());
            return null;
        }
    }

    /**
     * The annotation that applies to a resource method, wherever Jakarta REST let the developer put it (section 3.6:
     * method annotations are inherited from a superclass or an interface; resource classes extend base classes):
     * the method's, or that of a method it overrides or implements; else the resource class's, or that of one of its
     * superclasses or interfaces; else that of the class declaring the method. The method's own {@code getAnnotation}
     * sees none of these, and a requirement that goes unseen is a resource served without its step-up.
     */
    static StepUp annotationOf(Method method, Class<?> resourceClass) {
        Class<?> start = resourceClass != null ? resourceClass : method == null ? null : method.getDeclaringClass();
        List<Class<?>> types = start == null ? List.of() : hierarchy(start);
        if (method != null) {
            StepUp onMethod = method.getAnnotation(StepUp.class);
            for (int i = 0; onMethod == null && i < types.size(); i++) {
                onMethod = declared(types.get(i), method);
            }
            if (onMethod != null) {
                return onMethod;
            }
        }
        for (Class<?> type : types) {
            if (type.isAnnotationPresent(StepUp.class)) {
                return type.getAnnotation(StepUp.class);
            }
        }
        return method == null ? null : method.getDeclaringClass().getAnnotation(StepUp.class);
    }

    /** @return the {@link StepUp} of the type's own method of the same signature, if it declares one */
    private static StepUp declared(Class<?> type, Method method) {
        try {
            return type.getDeclaredMethod(method.getName(), method.getParameterTypes())
                    .getAnnotation(StepUp.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** @return the type, its superclasses and all their interfaces, nearest first, without {@code Object} */
    private static List<Class<?>> hierarchy(Class<?> type) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> queue = new ArrayDeque<>(List.of(type));
        while (!queue.isEmpty()) {
            Class<?> next = queue.removeFirst();
            if (next != Object.class && seen.add(next)) {
                if (next.getSuperclass() != null) {
                    queue.addLast(next.getSuperclass());
                }
                queue.addAll(Arrays.asList(next.getInterfaces()));
            }
        }
        return new ArrayList<>(seen);
    }

    private static StepUpFilter filterFor(StepUp annotation, Method method, ServletContext servletContext) {
        return new StepUpFilter(requirementOrNull(annotation, method), servletContext);
    }
}
