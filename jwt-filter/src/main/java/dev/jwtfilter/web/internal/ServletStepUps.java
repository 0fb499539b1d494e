package dev.jwtfilter.web.internal;

import dev.jwtfilter.core.StepUp;
import dev.jwtfilter.core.StepUpRequirement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads {@link StepUp} from the servlet a request is mapped to, with the scoping {@link ServletAnnotations} uses for
 * {@code @RolesAllowed} (Jakarta Annotations 2.1 section 2.1): the annotation on the {@code doGet}/{@code doPost}/...
 * method that handles the request replaces the one on the class that declares it; for a method the servlet does
 * not override, the servlet class's own. Each servlet is reflected once, on its first request. Fails closed as
 * {@link ServletAnnotations} does: a servlet whose class cannot be reflected (found but not linked), or a method whose
 * annotation requires
 * nothing or has a negative age other than {@code -1}, is {@link Found#DENIED} to everyone, logged once at error
 * level. A servlet class that no loader of the application finds at all (a container's own default or JSP servlet)
 * has no requirement. Read whether or not {@code jwt.annotations} is on: no container enforces this annotation for us. Thread
 * safe.
 */
final class ServletStepUps {
    private static final System.Logger LOG = System.getLogger(ServletStepUps.class.getName());

    /**
     * What a servlet method requires.
     *
     * @param requirement the requirement, or {@code null} for none
     * @param denied whether nobody may use the resource (an unusable annotation or servlet)
     */
    record Found(StepUpRequirement requirement, boolean denied) {
        /** No requirement. */
        static final Found NONE = new Found(null, false);
        /** An unusable annotation or servlet: nobody may use the resource. */
        static final Found DENIED = new Found(null, true);
    }

    private final ServletContext context;
    private final Map<String, Map<String, Found>> byServletName = new ConcurrentHashMap<>();

    ServletStepUps(ServletContext context) {
        this.context = context;
    }

    /** @return the requirement of the method that handles the request, {@link Found#NONE} when it has none */
    Found requirementFor(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        String servletName = mapping == null ? null : mapping.getServletName();
        if (servletName == null) {
            return Found.NONE;
        }
        Map<String, Found> byMethod = byServletName.get(servletName);
        if (byMethod == null) {
            byMethod = byServletName.computeIfAbsent(servletName, this::load);
        }
        return byMethod.getOrDefault(request.getMethod(), byMethod.getOrDefault(OTHER, Found.NONE));
    }

    /** The key of the class's own requirement, for methods without a handler of their own. */
    private static final String OTHER = "";

    private Map<String, Found> load(String servletName) {
        ServletRegistration registration = context.getServletRegistration(servletName);
        String className = registration == null ? null : registration.getClassName();
        if (className == null) {
            return Map.of();
        }
        Class<?> servletClass = ServletAnnotations.loadClass(context, className);
        if (servletClass == null && !visibleToApplication(className)) {
            // A container's own servlet (a default or JSP servlet hidden from the application's loaders): it cannot
            // carry an annotation of the application's StepUp type, and refusing it would refuse the container's
            // static files even with jwt.annotations=false.
            LOG.log(System.Logger.Level.DEBUG, "Servlet class {0} is not visible to the application", className);
            return Map.of();
        }
        try {
            if (servletClass != null) {
                return of(servletClass, servletName);
            }
        } catch (LinkageError e) {
            // A method signature names a class that is not deployed: we cannot see the annotations.
        }
        LOG.log(
                System.Logger.Level.ERROR,
                "Cannot read the @StepUp annotations of servlet class {0}: every request to servlet ''{1}''"
                        + " is refused. Deploy the classes its methods name.",
                className,
                servletName);
        return Map.of(OTHER, Found.DENIED);
    }

    /** @return whether some loader of the application finds the class, even one it then cannot link */
    private boolean visibleToApplication(String className) {
        for (ClassLoader loader : ServletAnnotations.loaders(context)) {
            try {
                if (loader != null) {
                    Class.forName(className, false, loader);
                    return true;
                }
            } catch (ClassNotFoundException e) {
                // not this loader's
            } catch (LinkageError e) {
                return true; // the application's class, broken: fail closed
            }
        }
        return false;
    }

    private static Map<String, Found> of(Class<?> servletClass, String servletName) {
        Map<String, Found> byMethod = new HashMap<>();
        Map<Class<?>, Found> byClass = new HashMap<>(); // so that an unusable class annotation is logged once
        Found classLevel = found(servletClass, servletName);
        byClass.put(servletClass, classLevel == null ? Found.NONE : classLevel);
        if (classLevel != null) {
            byMethod.put(OTHER, classLevel);
        }
        ServletAnnotations.HANDLERS.forEach((httpMethod, handler) -> {
            Method method = ServletAnnotations.ServletRules.findHandler(servletClass, handler);
            if (method == null && "HEAD".equals(httpMethod)) {
                method = ServletAnnotations.ServletRules.findHandler(servletClass, "doGet");
            }
            Found requirement = method == null ? classLevel : found(method, servletName);
            if (method != null && requirement == null) {
                requirement = byClass.computeIfAbsent(method.getDeclaringClass(), declaring -> {
                    Found declared = found(declaring, servletName);
                    return declared == null ? Found.NONE : declared;
                });
            }
            if (requirement != null) {
                byMethod.put(httpMethod, requirement);
            } else if (classLevel != null) {
                byMethod.put(httpMethod, Found.NONE); // the handler's scope has none: the class's does not apply
            }
        });
        return Map.copyOf(byMethod);
    }

    private static Found found(AnnotatedElement element, String servletName) {
        StepUp annotation = element.getAnnotation(StepUp.class);
        if (annotation == null) {
            return null;
        }
        try {
            return new Found(StepUpRequirement.of(annotation), false);
        } catch (IllegalArgumentException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "@StepUp on {0} of servlet ''{1}'' is not usable ({2}): every request it handles is refused",
                    element,
                    servletName,
                    e.getMessage());
            return Found.DENIED;
        }
    }
}
