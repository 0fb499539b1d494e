package dev.jwtfilter.web;

import dev.jwtfilter.config.AuthenticationMode;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.principal.JwtPrincipal;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

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
        this.annotations = config.annotationsEnforced() && annotationsApiPresent() ? new ServletAnnotations(context) : null;
        this.fallback = config.mode() == AuthenticationMode.REQUIRED ? AccessRequirement.AUTHENTICATED : AccessRequirement.ANONYMOUS;
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

    /**
     * @return the refusal for this outcome under this requirement, or empty to let the request through
     */
    static Optional<BearerError> refusal(AccessRequirement requirement, AuthenticationOutcome outcome) {
        if (requirement.kind() == AccessRequirement.Kind.PUBLIC) {
            return Optional.empty();
        }
        if (outcome instanceof AuthenticationOutcome.Failed failed) {
            return Optional.of(failed.error());
        }
        if (requirement.kind() == AccessRequirement.Kind.DENY_ALL) {
            return Optional.of(BearerError.ACCESS_DENIED);
        }
        if (!(outcome instanceof AuthenticationOutcome.Authenticated authenticated)) {
            return requirement.kind() == AccessRequirement.Kind.ANONYMOUS ? Optional.empty() : Optional.of(BearerError.MISSING_TOKEN);
        }
        return hasAnyRole(authenticated.principal(), requirement) ? Optional.empty() : Optional.of(BearerError.INSUFFICIENT_ROLE);
    }

    private static boolean hasAnyRole(JwtPrincipal principal, AccessRequirement requirement) {
        if (requirement.kind() != AccessRequirement.Kind.ROLES) {
            return true;
        }
        for (String role : requirement.roles()) {
            if (principal.hasRole(role)) {
                return true;
            }
        }
        return false;
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
