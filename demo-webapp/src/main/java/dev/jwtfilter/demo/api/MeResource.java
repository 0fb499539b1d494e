package dev.jwtfilter.demo.api;

import dev.jwtfilter.demo.web.Json;
import dev.jwtfilter.principal.JwtPrincipal;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** {@code GET /api/me}: any valid access token (the filter requires one); who the caller is. */
@Path("me")
public class MeResource {

    /** @return the principal name, roles and verified claims */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String me(@Context SecurityContext security) {
        JwtPrincipal principal = (JwtPrincipal) security.getUserPrincipal();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", principal.getName());
        body.put("roles", new TreeSet<>(principal.getRoles()));
        body.put("claims", principal.getClaims());
        return Json.text(body);
    }
}
