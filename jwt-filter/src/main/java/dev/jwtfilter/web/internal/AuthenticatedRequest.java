package dev.jwtfilter.web.internal;

import dev.jwtfilter.principal.JwtPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/**
 * A request whose security context answers from a verified token: {@link #getUserPrincipal()} is the
 * {@link JwtPrincipal}, {@link #getRemoteUser()} its name, {@link #isUserInRole(String)} its roles
 * ({@code **} meaning any authenticated caller, as in Servlet 6.0 section 13.3), and
 * {@link #getAuthType()} {@value #AUTH_TYPE}. Jersey and JSPs read these, so {@code @RolesAllowed} on
 * resources works through it.
 */
public final class AuthenticatedRequest extends HttpServletRequestWrapper {
    /** The authentication type reported. */
    public static final String AUTH_TYPE = "Bearer";

    private final JwtPrincipal principal;

    /**
     * @param request the container's request
     * @param principal the verified caller
     */
    public AuthenticatedRequest(HttpServletRequest request, JwtPrincipal principal) {
        super(request);
        this.principal = principal;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return principal.getName();
    }

    @Override
    public boolean isUserInRole(String role) {
        return role != null && ("**".equals(role) || principal.hasRole(role));
    }

    @Override
    public String getAuthType() {
        return AUTH_TYPE;
    }
}
