package dev.jwtfilter.config;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) of this resource: the document, where it is served within the
 * application, and the URL a 401 challenge names ({@code resource_metadata}, section 5.1). The well-known URL is
 * made as section 3.1 says: {@code /.well-known/oauth-protected-resource} inserted between the resource
 * identifier's host and its path; the application serves that path, so it must be reachable at the resource's
 * origin (deployed at the root context, or routed there by a proxy). Built and checked with the configuration;
 * immutable.
 */
public final class ResourceMetadata {
    /** The well-known path segment of RFC 9728 section 3. */
    public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private final URI resource;
    private final String path;
    private final String url;
    private final String document;

    ResourceMetadata(URI resource, Map<String, Object> members) {
        this.resource = Objects.requireNonNull(resource, "resource");
        String resourcePath =
                resource.getRawPath() == null || resource.getRawPath().equals("/") ? "" : resource.getRawPath();
        this.path = WELL_KNOWN + resourcePath;
        this.url = resource.getScheme() + "://" + resource.getRawAuthority() + path;
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("resource", resource.toString());
        ordered.putAll(members);
        this.document = JSONObjectUtils.toJSONString(ordered);
    }

    /** @return the resource identifier, the document's {@code resource} */
    public URI resource() {
        return resource;
    }

    /** @return the path the document is served at, within the application (no context path) */
    public String path() {
        return path;
    }

    /** @return the absolute URL of the document, named in challenges as {@code resource_metadata} */
    public String url() {
        return url;
    }

    /** @return the JSON document */
    public String document() {
        return document;
    }

    /** The members of the document after {@code resource}, in the order RFC 9728 section 2 lists them. */
    static Map<String, Object> members(
            List<String> authorizationServers,
            List<String> bearerMethods,
            List<String> scopes,
            List<String> dpopAlgorithms,
            boolean dpopRequired,
            String name,
            URI documentation) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("authorization_servers", authorizationServers);
        if (!scopes.isEmpty()) {
            members.put("scopes_supported", scopes);
        }
        members.put("bearer_methods_supported", bearerMethods);
        if (name != null) {
            members.put("resource_name", name);
        }
        if (documentation != null) {
            members.put("resource_documentation", documentation.toString());
        }
        if (!dpopAlgorithms.isEmpty()) {
            members.put("dpop_signing_alg_values_supported", dpopAlgorithms);
            members.put("dpop_bound_access_tokens_required", dpopRequired);
        }
        return members;
    }
}
