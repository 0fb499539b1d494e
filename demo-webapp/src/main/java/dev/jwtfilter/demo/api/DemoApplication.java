package dev.jwtfilter.demo.api;

import dev.jwtfilter.demo.JwtFilterState;
import dev.jwtfilter.issue.SigningKeySet;
import dev.jwtfilter.web.jaxrs.StepUpFeature;
import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/**
 * The Jakarta REST application under {@code /api}, made by {@code DemoBootstrap} for the Jersey servlet it
 * registers. {@code RolesAllowedDynamicFeature} makes Jersey enforce {@code @RolesAllowed}, reading roles from
 * the security context the JWT filter fills; {@code StepUpFeature} enforces the library's {@code @StepUp} (RFC 9470)
 * on {@code /api/admin/keys}.
 */
public final class DemoApplication extends ResourceConfig {
    /**
     * Registers the resources, the role feature and the JSON error mappers.
     *
     * @param filter what the JWT filter publishes: the metrics' counters, the 403's realm and event listener
     * @param signingKeys the demo's signing keys, whose public ids and algorithms {@code /api/admin/keys} lists
     */
    public DemoApplication(JwtFilterState filter, SigningKeySet signingKeys) {
        register(MeResource.class);
        register(AdminResource.class);
        register(MetricsResource.class);
        register(AdminKeysResource.class);
        register(HealthResource.class);
        register(PingResource.class);
        register(RolesAllowedDynamicFeature.class);
        register(StepUpFeature.class); // @StepUp (RFC 9470), checked after the roles
        register(NoStore.class);
        register(new ErrorMappers.Forbidden(filter));
        register(new AbstractBinder() {
            @Override
            protected void configure() {
                bind(filter).to(JwtFilterState.class); // for the resources' constructors
                bind(signingKeys).to(SigningKeySet.class);
            }
        });
        register(ErrorMappers.WebApplication.class);
        register(ErrorMappers.Unexpected.class);
        // Neither WADL nor the activation DataSource provider is used; turning them off keeps start-up quiet.
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        property(CommonProperties.PROVIDER_DEFAULT_DISABLE, "DATASOURCE");
    }
}
