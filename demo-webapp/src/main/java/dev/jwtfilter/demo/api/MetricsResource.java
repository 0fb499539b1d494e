package dev.jwtfilter.demo.api;

import dev.jwtfilter.demo.JwtFilterState;
import dev.jwtfilter.demo.web.Json;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
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
    private final JwtFilterState filter;

    /** @param filter what the JWT filter publishes, its counters among them */
    @Inject
    public MetricsResource(JwtFilterState filter) {
        this.filter = filter;
    }

    /** @return the count of each auth event reason */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String metrics() {
        Map<String, Long> byReason = new LinkedHashMap<>();
        filter.counters().snapshot().forEach((reason, count) -> byReason.put(reason.label(), count));
        return Json.text(Map.of("auth_events", byReason));
    }
}
