package dev.jwtfilter.demo.web;

import dev.jwtfilter.principal.JwtPrincipal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /admin/report}: a plain servlet whose {@code @RolesAllowed} the JWT filter itself enforces
 * (no Jersey involved): 401 without a token, 403 {@code insufficient_scope} without the admin role.
 */
@RolesAllowed("admin")
public final class AdminReportServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JwtPrincipal principal = (JwtPrincipal) request.getUserPrincipal();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("report", "admin report");
        body.put("requested_by", principal.getName());
        body.put("enforced_by", "jwt-filter servlet annotation check");
        Json.write(response, 200, body);
    }
}
