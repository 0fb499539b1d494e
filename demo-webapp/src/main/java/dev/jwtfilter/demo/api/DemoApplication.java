package dev.jwtfilter.demo.api;

import dev.jwtfilter.demo.JwtFilterState;
import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/**
 * The Jakarta REST application under {@code /api}, made by {@code DemoBootstrap} for the Jersey servlet it
 * registers. {@code RolesAllowedDynamicFeature} makes Jersey enforce {@code @RolesAllowed}, reading roles from
 * the security context the JWT filter fills.
 */
public final class DemoApplication extends ResourceConfig {
    /**
     * Registers the resources, the role feature and the JSON error mappers.
     *
     * @param filter what the JWT filter publishes: the metrics' counters, the 403's realm and event listener
     */
    public DemoApplication(JwtFilterState filter) {
        register(MeResource.class);
        register(AdminResource.class);
        register(MetricsResource.class);
        register(HealthResource.class);
        register(PingResource.class);
        register(RolesAllowedDynamicFeature.class);
        register(NoStore.class);
        register(new ErrorMappers.Forbidden(filter));
        register(new AbstractBinder() {
            @Override
            protected void configure() {
                bind(filter).to(JwtFilterState.class); // for the resources' constructors
            }
        });
        register(ErrorMappers.WebApplication.class);
        register(ErrorMappers.Unexpected.class);
        // Neither WADL nor the activation DataSource provider is used; turning them off keeps start-up quiet.
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        property(CommonProperties.PROVIDER_DEFAULT_DISABLE, "DATASOURCE");
    }
}
