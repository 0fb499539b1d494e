package dev.jwtfilter.demo.api;

import dev.jwtfilter.demo.web.Json;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Map;

/** {@code GET /api/admin}: admins only, enforced by Jersey's {@code RolesAllowedDynamicFeature}. */
@Path("admin")
@RolesAllowed("admin")
public class AdminResource {

    /** @return a greeting for the admin */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String admin(@Context SecurityContext security) {
        return Json.text(
                Map.of("message", "Welcome, " + security.getUserPrincipal().getName(), "area", "admin"));
    }
}
