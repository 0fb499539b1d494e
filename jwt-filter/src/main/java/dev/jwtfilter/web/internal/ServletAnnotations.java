package dev.jwtfilter.web.internal;

import dev.jwtfilter.core.AccessRequirement;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} from the servlet a request is
 * mapped to (found through {@link HttpServletRequest#getHttpServletMapping()} and its registration), with
 * the scoping of Jakarta Annotations 2.1 section 2.1: an annotation on the {@code doGet}/{@code doPost}/...
 * method that handles the request, else an annotation on the class that declares that method; for a
 * method the servlet does not override, the servlet class's own annotation. Where both kinds stand on one
 * element the most restrictive wins. Each servlet is reflected once, on its first request, and
 * remembered. A servlet whose class cannot be reflected is denied to everyone (fail closed). Thread safe.
 */
final class ServletAnnotations {
    private static final System.Logger LOG = System.getLogger(ServletAnnotations.class.getName());
    /** The HTTP methods and the {@code HttpServlet} methods that handle them. */
    static final Map<String, String> HANDLERS = Map.of(
            "GET",
            "doGet",
            "HEAD",
            "doHead",
            "POST",
            "doPost",
            "PUT",
            "doPut",
            "DELETE",
            "doDelete",
            "OPTIONS",
            "doOptions",
            "TRACE",
            "doTrace",
            "PATCH",
            "doPatch");

    private final ServletContext context;
    private final Map<String, ServletRules> byServletName = new ConcurrentHashMap<>();

    ServletAnnotations(ServletContext context) {
        this.context = context;
    }

    /** @return the annotated requirement, or {@code null} when the servlet carries none for this method */
    AccessRequirement requirementFor(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        String servletName = mapping == null ? null : mapping.getServletName();
        if (servletName == null) {
            return null;
        }
        ServletRules rules = byServletName.get(servletName); // the common case: no lambda, no lock
        if (rules == null) {
            rules = byServletName.computeIfAbsent(servletName, this::load);
        }
        return rules.forMethod(request.getMethod());
    }

    private ServletRules load(String servletName) {
        ServletRegistration registration = context.getServletRegistration(servletName);
        String className = registration == null ? null : registration.getClassName();
        if (className == null) {
            return ServletRules.NONE;
        }
        Class<?> servletClass = loadClass(context, className);
        try {
            if (servletClass != null) {
                return ServletRules.of(servletClass);
            }
        } catch (LinkageError e) {
            // A method signature names a class that is not deployed: we cannot see the annotations.
        }
        LOG.log(
                System.Logger.Level.ERROR,
                "Cannot read the security annotations of servlet class {0}: every request "
                        + "to servlet ''{1}'' is refused. Deploy the classes its methods name, or set jwt.annotations=false.",
                className,
                servletName);
        return ServletRules.DENIED;
    }

    /**
     * @return the loaders an application class is looked up in, in order; embedded containers may leave the
     *     context's loader unset, and the request thread's is then the webapp's
     */
    static ClassLoader[] loaders(ServletContext context) {
        return new ClassLoader[] {
            context.getClassLoader(),
            Thread.currentThread().getContextClassLoader(),
            ServletAnnotations.class.getClassLoader()
        };
    }

    /** @return the class, or {@code null} when no loader of the application can load and link it */
    static Class<?> loadClass(ServletContext context, String className) {
        for (ClassLoader loader : loaders(context)) {
            try {
                if (loader != null) {
                    return Class.forName(className, false, loader);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader
            }
        }
        return null;
    }

    /** The requirements of one servlet class, per HTTP method. */
    record ServletRules(Map<String, AccessRequirement> byMethod, AccessRequirement classLevel) {
        static final ServletRules NONE = new ServletRules(Map.of(), null);
        static final ServletRules DENIED = new ServletRules(Map.of(), AccessRequirement.DENY_ALL);

        /** @return the requirement for the method, or {@code null} for none */
        AccessRequirement forMethod(String httpMethod) {
            AccessRequirement found = byMethod.get(httpMethod);
            return found != null ? found : classLevel;
        }

        static ServletRules of(Class<?> servletClass) {
            AccessRequirement classLevel = requirementOf(servletClass);
            Map<String, AccessRequirement> byMethod = new HashMap<>();
            HANDLERS.forEach((httpMethod, handler) -> {
                Method method = findHandler(servletClass, handler);
                if (method == null && "HEAD".equals(httpMethod)) {
                    method = findHandler(servletClass, "doGet"); // HttpServlet's doHead runs doGet
                }
                AccessRequirement requirement = method == null ? classLevel : requirementOf(method);
                if (method != null && requirement == null) {
                    requirement = requirementOf(method.getDeclaringClass());
                }
                if (requirement != null) {
                    byMethod.put(httpMethod, requirement);
                }
            });
            return new ServletRules(Map.copyOf(byMethod), classLevel);
        }

        /** @return the handler with the exact servlet signature, declared by the class or a superclass below HttpServlet */
        static Method findHandler(Class<?> type, String name) {
            for (Class<?> c = type; c != null && c != HttpServlet.class && c != Object.class; c = c.getSuperclass()) {
                try {
                    return c.getDeclaredMethod(name, HttpServletRequest.class, HttpServletResponse.class);
                } catch (NoSuchMethodException e) {
                    // look in the superclass
                }
            }
            return null;
        }

        private static AccessRequirement requirementOf(AnnotatedElement element) {
            if (element.isAnnotationPresent(DenyAll.class)) {
                return AccessRequirement.DENY_ALL;
            }
            RolesAllowed roles = element.getAnnotation(RolesAllowed.class);
            if (roles != null) {
                return AccessRequirement.anyOf(Set.of(roles.value()));
            }
            return element.isAnnotationPresent(PermitAll.class) ? AccessRequirement.ANONYMOUS : null;
        }
    }
}
