package dev.jwtfilter.it.eeapp;

import dev.jwtfilter.web.jaxrs.StepUpFeature;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/**
 * Jakarta REST under /api; Jersey enforces @RolesAllowed only with RolesAllowedDynamicFeature registered, and
 * jwt-filter's @StepUp with StepUpFeature.
 */
@ApplicationPath("/api")
public class RestApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(
                CallerResource.class,
                AdminResource.class,
                OrdersResource.class,
                FreshResource.class,
                StepUpFeature.class);
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of(
                "jersey.config.server.provider.classnames",
                "org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature");
    }
}
