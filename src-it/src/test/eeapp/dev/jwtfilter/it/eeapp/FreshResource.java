package dev.jwtfilter.it.eeapp;

import dev.jwtfilter.core.StepUp;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Callers who logged in within the last 5 minutes (RFC 9470), enforced by StepUpFeature. */
@Path("fresh")
public class FreshResource {
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @StepUp(maxAgeSeconds = 300)
    public String fresh() {
        return "fresh";
    }
}
