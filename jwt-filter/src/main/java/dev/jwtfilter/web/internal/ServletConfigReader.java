package dev.jwtfilter.web.internal;

import dev.jwtfilter.config.InvalidJwtConfigException;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.config.JwtConfigBuilder;
import dev.jwtfilter.config.JwtConfigParams;
import dev.jwtfilter.config.JwtConfigParser;
import dev.jwtfilter.keys.VerificationKeys;
import dev.jwtfilter.proof.DPoPReplayCache;
import dev.jwtfilter.revoke.RevocationCheck;
import dev.jwtfilter.revoke.RevocationList;
import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds a {@link JwtConfig} for a servlet-side component from its own parameters over the context's
 * {@code jwt.*} parameters, resolving {@link JwtConfigParams#KEYS_ATTRIBUTE} and
 * {@link JwtConfigParams#REVOCATION_ATTRIBUTE} and {@link JwtConfigParams#DPOP_REPLAY_CACHE_ATTRIBUTE} from the
 * servlet context.
 * Shared by the filter and the mechanism so that both read configuration the same way.
 */
public final class ServletConfigReader {
    private ServletConfigReader() {}

    /**
     * @param context the servlet context (its {@code jwt.*} context-params are the fallback)
     * @param ownNames the component's own parameter names
     * @param ownValue reads one of the component's own parameters
     * @return the validated configuration
     * @throws InvalidJwtConfigException listing every problem
     */
    public static JwtConfig read(ServletContext context, Iterable<String> ownNames, Function<String, String> ownValue) {
        Map<String, String> params = new HashMap<>();
        for (String name : Collections.list(context.getInitParameterNames())) {
            if (JwtConfigParams.isOwnNamespace(name)) {
                params.put(name, context.getInitParameter(name));
            }
        }
        for (String name : ownNames) {
            params.put(name, ownValue.apply(name));
        }
        JwtConfigBuilder builder = JwtConfig.builder();
        String attribute = params.remove(JwtConfigParams.KEYS_ATTRIBUTE);
        if (attribute != null) {
            Object keys = context.getAttribute(attribute.strip());
            if (!(keys instanceof VerificationKeys verificationKeys)) {
                throw new InvalidJwtConfigException(List.of("Parameter '" + JwtConfigParams.KEYS_ATTRIBUTE
                        + "': servlet-context attribute '" + attribute.strip() + "' holds no VerificationKeys"
                        + " (set it in a ServletContextListener)"));
            }
            builder.keys(verificationKeys);
        }
        String revocation = params.remove(JwtConfigParams.REVOCATION_ATTRIBUTE);
        if (revocation != null) {
            revocationFrom(context, revocation.strip(), builder);
        }
        String replayCache = params.remove(JwtConfigParams.DPOP_REPLAY_CACHE_ATTRIBUTE);
        if (replayCache != null) {
            if (!(context.getAttribute(replayCache.strip()) instanceof DPoPReplayCache cache)) {
                // Fail closed: a cluster that asked for a shared replay cache must not start with one per node.
                throw new InvalidJwtConfigException(List.of("Parameter '"
                        + JwtConfigParams.DPOP_REPLAY_CACHE_ATTRIBUTE + "': servlet-context attribute '"
                        + replayCache.strip() + "' holds no DPoPReplayCache (set it in a ServletContextListener)"));
            }
            builder.dpopReplayCache(cache);
        }
        return new JwtConfigParser().parse(params, builder);
    }

    private static void revocationFrom(ServletContext context, String attribute, JwtConfigBuilder builder) {
        Object source = context.getAttribute(attribute);
        if (source instanceof RevocationList list) {
            builder.revocationList(list);
        } else if (source instanceof RevocationCheck check) {
            builder.revocationCheck(check);
        } else {
            // Fail closed: a deployment that asked for revocation must not start without it.
            throw new InvalidJwtConfigException(List.of("Parameter '" + JwtConfigParams.REVOCATION_ATTRIBUTE
                    + "': servlet-context attribute '" + attribute + "' holds no RevocationList or RevocationCheck"
                    + " (set it in a ServletContextListener)"));
        }
    }
}
