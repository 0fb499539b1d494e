package dev.jwtfilter.demo.api;

import dev.jwtfilter.demo.web.Json;
import dev.jwtfilter.event.AuthEventCounters;
import dev.jwtfilter.web.JwtAuthenticationFilter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/admin/metrics}: admins only; the JWT filter's auth event counters since start-up, one per
 * reason in the library's fixed order, e.g. {@code {"auth_events":{"accepted":12,"missing":3,...}}}.
 */
@Path("admin/metrics")
@RolesAllowed("admin")
public class MetricsResource {

    /** @return the count of each auth event reason */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String metrics(@Context ServletContext context) {
        if (!(context.getAttribute(JwtAuthenticationFilter.EVENT_COUNTERS_ATTRIBUTE) instanceof AuthEventCounters counters)) {
            throw new IllegalStateException("The JWT filter has not started");
        }
        Map<String, Long> byReason = new LinkedHashMap<>();
        counters.snapshot().forEach((reason, count) -> byReason.put(reason.label(), count));
        return Json.text(Map.of("auth_events", byReason));
    }
}
