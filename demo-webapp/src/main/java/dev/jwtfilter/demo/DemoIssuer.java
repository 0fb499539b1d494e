package dev.jwtfilter.demo;

import jakarta.servlet.ServletContext;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The demo's issuer: its public base URL, an https URL (plain http on localhost only) without query or fragment,
 * as RFC 8414 section 2 asks. It is {@code JWT_ISSUER} when set; the {@code java -jar} launcher sets it to
 * {@code http://localhost:PORT}; a WAR deployed otherwise assumes {@code http://localhost:8080} and its context
 * path, the URL of a servlet container on its default port on this machine. It is never made from a request's
 * {@code Host} or forwarded headers, which a client writes. Its path tells where the RFC 8414 metadata is
 * served (section 3.1); the token, JWKS and revocation endpoints are its paths. Immutable.
 */
public final class DemoIssuer {
    /** The issuer assumed outside the launcher, before the context path. */
    static final String CONTAINER_DEFAULT = "http://localhost:8080";
    /** The well-known path segment of RFC 8414 section 3. */
    public static final String WELL_KNOWN = "/.well-known/oauth-authorization-server";

    private final String issuer;
    private final String resource;
    private final String path;

    private DemoIssuer(String issuer, String resource, String path) {
        this.issuer = issuer;
        this.resource = resource;
        this.path = path;
    }

    /**
     * @param settings where {@code JWT_ISSUER} and {@code JWT_RESOURCE} are read
     * @param contextPath the application's context path, for the default issuer
     * @return the issuer
     * @throws IllegalArgumentException when {@code JWT_ISSUER} is not a URL the demo may use as its issuer
     */
    static DemoIssuer from(DemoSettings settings, String contextPath) {
        String issuer = settings.get(DemoSettings.ISSUER, CONTAINER_DEFAULT + contextPath);
        URI uri = checked(issuer);
        String path = uri.getRawPath() == null || uri.getRawPath().equals("/") ? "" : uri.getRawPath();
        return new DemoIssuer(issuer, settings.get(DemoSettings.RESOURCE, issuer), path);
    }

    private static URI checked(String issuer) {
        try {
            URI uri = new URI(issuer);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            String host = uri.getHost() == null ? "" : uri.getHost();
            boolean loopback = host.equalsIgnoreCase("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
            if (uri.getRawAuthority() != null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && (scheme.equals("https") || scheme.equals("http") && loopback)) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below, without the parser's message
        }
        throw new IllegalArgumentException(DemoSettings.ISSUER
                + " must be the demo's base URL: https (http on localhost only), without query or fragment");
    }

    /**
     * Hands the issuer and the resource identifier to the JWT filter as the context parameters {@code jwt.issuer}
     * and {@code jwt.resource}, which it reads under its own {@code web.xml} parameters. Called before it starts.
     *
     * @param context the application's context
     */
    void publishTo(ServletContext context) {
        if (!context.setInitParameter("jwt.issuer", issuer) || !context.setInitParameter("jwt.resource", resource)) {
            throw new IllegalStateException(
                    "jwt.issuer or jwt.resource is already a context parameter: set JWT_ISSUER and JWT_RESOURCE instead");
        }
    }

    /** @return the issuer, exactly as tokens carry it in {@code iss} */
    public String issuer() {
        return issuer;
    }

    /**
     * @param endpoint a path of the application, such as {@code /auth/login}
     * @return its absolute URL under the issuer
     */
    public String endpoint(String endpoint) {
        return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + endpoint;
    }

    /**
     * @return where the application serves its RFC 8414 metadata, within the application: the well-known path with
     *     the issuer's path after it (section 3.1)
     */
    public String metadataPath() {
        return WELL_KNOWN + path;
    }
}
