package dev.jwtfilter.demo.api;

import com.nimbusds.jose.jwk.JWK;
import dev.jwtfilter.core.StepUp;
import dev.jwtfilter.demo.web.Json;
import dev.jwtfilter.issue.SigningKeySet;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/admin/keys}: the demo's resource that needs a step-up (RFC 9470). Admins only, and only with a
 * login of the last 5 minutes: a token whose {@code auth_time} is older (a refreshed token keeps its login's) is
 * answered 401 {@code insufficient_user_authentication} with {@code max_age="300"}, and the client logs in again.
 * Enforced by the library's {@code @StepUp} through {@code StepUpFeature}, registered in {@link DemoApplication}.
 * It lists the key ids and algorithms of the demo's public signing keys, e.g.
 * {@code {"keys":[{"kid":"...","alg":"RS256"}]}} (none in HS256 mode, whose secret is never published).
 */
@Path("admin/keys")
@RolesAllowed("admin")
@StepUp(maxAgeSeconds = AdminKeysResource.MAX_LOGIN_AGE_SECONDS)
public class AdminKeysResource {
    /** How recent the admin's login must be: 5 minutes. */
    public static final long MAX_LOGIN_AGE_SECONDS = 300;

    private final SigningKeySet keys;

    /** @param keys the demo's signing keys */
    @Inject
    public AdminKeysResource(SigningKeySet keys) {
        this.keys = keys;
    }

    /** @return the id and algorithm of each published signing key */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String keys() {
        List<Map<String, String>> listed =
                keys.publicJwkSet().getKeys().stream().map(this::listed).toList();
        return Json.text(Map.of("keys", listed));
    }

    private Map<String, String> listed(JWK key) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("kid", key.getKeyID());
        entry.put(
                "alg",
                key.getAlgorithm() != null
                        ? key.getAlgorithm().getName()
                        : keys.algorithm().getName());
        return entry;
    }
}
