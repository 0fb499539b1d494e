package dev.jwtfilter.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client that is given one URL, a protected API's, and finds everything else as the RFCs describe: the API's 401
 * names its protected resource metadata ({@code resource_metadata}, RFC 9728 section 5.1), whose
 * {@code authorization_servers} name the issuer, whose metadata sits at the RFC 8414 well-known path inserted before
 * the issuer's path (section 3.1) and names the token endpoint. It checks what a client must: the metadata's
 * {@code resource} is the identifier its URL was made from (RFC 9728 section 3.3) and the API lies under it, and
 * the authorization server's {@code issuer} is the one asked for (RFC 8414 section 3.3).
 */
final class DiscoveryClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern RESOURCE_METADATA = Pattern.compile("resource_metadata=\"([^\"]+)\"");

    private DiscoveryClient() {}

    /** What a walk from the API's 401 found. */
    record Discovered(Map<String, Object> resource, Map<String, Object> server) {
        URI tokenEndpoint() {
            return URI.create((String) server.get("token_endpoint"));
        }
    }

    /**
     * @param api the one URL the client knows
     * @return both metadata documents, checked
     */
    static Discovered discover(URI api) throws Exception {
        HttpResponse<String> refused = get(api);
        assertThat(refused.statusCode()).isEqualTo(401);
        URI resourceUrl = URI.create(resourceMetadata(refused.headers().allValues("WWW-Authenticate")));
        Map<String, Object> resource = document(resourceUrl);
        String identifier = (String) resource.get("resource");
        assertThat(wellKnown(URI.create(identifier), "/.well-known/oauth-protected-resource"))
                .isEqualTo(resourceUrl);
        assertThat(api.toString()).startsWith(identifier);
        String issuer = (String) ((List<?>) resource.get("authorization_servers")).get(0);
        Map<String, Object> server = document(wellKnown(URI.create(issuer), "/.well-known/oauth-authorization-server"));
        assertThat(server.get("issuer")).isEqualTo(issuer);
        return new Discovered(resource, server);
    }

    /** @return the one {@code resource_metadata} URL all challenges name */
    static String resourceMetadata(List<String> challenges) {
        List<String> urls = challenges.stream()
                .map(RESOURCE_METADATA::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .distinct()
                .toList();
        assertThat(urls).as("resource_metadata in %s", challenges).hasSize(1);
        return urls.get(0);
    }

    /** The well-known path inserted between the host and the path of an identifier (RFC 8414 and 9728, 3.1). */
    static URI wellKnown(URI identifier, String wellKnown) {
        String path =
                identifier.getRawPath() == null || identifier.getRawPath().equals("/") ? "" : identifier.getRawPath();
        return URI.create(identifier.getScheme() + "://" + identifier.getRawAuthority() + wellKnown + path);
    }

    /** @return a metadata document, served as public JSON */
    static Map<String, Object> document(URI url) throws Exception {
        HttpResponse<String> response = get(url);
        assertThat(response.statusCode()).as(url.toString()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("Cache-Control")).contains("public, max-age=600");
        return JSONObjectUtils.parse(response.body());
    }

    static HttpResponse<String> get(URI url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
