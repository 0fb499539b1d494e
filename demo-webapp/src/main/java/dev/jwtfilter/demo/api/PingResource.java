package dev.jwtfilter.demo.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/ping}: the same answer as {@code /api/health}, but behind the filter, so that a load test
 * comparing the two measures the cost of authentication and nothing else.
 */
@Path("ping")
public class PingResource {

    /** @return the status */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String ping() {
        return "{\"status\":\"UP\"}";
    }
}
