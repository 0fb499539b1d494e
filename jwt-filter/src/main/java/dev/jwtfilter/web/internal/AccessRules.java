package dev.jwtfilter.web.internal;

import dev.jwtfilter.config.AuthenticationMode;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.core.AccessRequirement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides what a request needs and whether an authentication outcome meets it. Servlet annotations
 * come first (they are the most specific), then the public paths, then the mode. Built once at
 * {@code init()}. Thread safe.
 */
final class AccessRules {
    private final PathPatterns publicPaths;
    private final ServletAnnotations annotations;
    private final AccessRequirement fallback;

    AccessRules(JwtConfig config, ServletContext context) {
        this.publicPaths = new PathPatterns(config.publicPaths());
        this.annotations =
                config.annotationsEnforced() && annotationsApiPresent() ? new ServletAnnotations(context) : null;
        this.fallback = config.mode() == AuthenticationMode.REQUIRED
                ? AccessRequirement.AUTHENTICATED
                : AccessRequirement.ANONYMOUS;
    }

    AccessRequirement requirementFor(HttpServletRequest request) {
        if (annotations != null) {
            AccessRequirement annotated = annotations.requirementFor(request);
            if (annotated != null) {
                return annotated;
            }
        }
        return publicPaths.matches(request) ? AccessRequirement.PUBLIC : fallback;
    }

    /** Without the API the JVM silently drops the annotations, so enforcing them would fail open: refuse to start. */
    private static boolean annotationsApiPresent() {
        try {
            Class.forName("jakarta.annotation.security.RolesAllowed", false, AccessRules.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("jakarta.annotation-api is not on the class path, so @RolesAllowed, "
                    + "@PermitAll and @DenyAll on servlets cannot be read. On the Jetty 12 distribution enable the "
                    + "ee10-annotations module (it also finds @WebServlet); elsewhere add jakarta.annotation-api; "
                    + "or set jwt.annotations=false if no servlet carries these annotations");
        }
    }
}
