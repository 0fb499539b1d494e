package dev.jwtfilter.keys;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import dev.jwtfilter.internal.LogText;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A key source that finds its JWKS through the issuer's discovery document (OpenID Connect Discovery 1.0
 * section 4, else RFC 8414 section 3), on the first token rather than at start-up, and then delegates to
 * the cached remote source built for the discovered {@code jwks_uri}. The document's {@code issuer} must
 * equal the configured one (OIDC Discovery section 4.3), or a provider could speak for another. A failed
 * discovery is retried no more often than the rate limit; until it succeeds every request gets a
 * {@link KeySourceException} (503), or the keys of the local fallback set when one is configured. Thread safe.
 */
final class OidcDiscovery implements JWKSource<SecurityContext> {
    private static final System.Logger LOG = System.getLogger(OidcDiscovery.class.getName());

    private final URI issuer;
    private final ResourceRetriever retriever;
    private final long retryAfterMillis;
    private final Function<URI, JWKSource<SecurityContext>> remote;
    private final JWKSource<SecurityContext> failover;
    private volatile JWKSource<SecurityContext> delegate;
    private long lastFailureNanos;
    private String lastFailure;

    OidcDiscovery(
            URI issuer,
            ResourceRetriever retriever,
            Duration retryAfter,
            Function<URI, JWKSource<SecurityContext>> remote,
            JWKSource<SecurityContext> failover) {
        this.issuer = issuer;
        this.failover = failover;
        this.retriever = retriever;
        this.retryAfterMillis = retryAfter.toMillis();
        this.remote = remote;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        JWKSource<SecurityContext> source = delegate;
        if (source != null) {
            return source.get(selector, context); // with the fallback, if any, already behind it
        }
        JWKSource<SecurityContext> discovered;
        try {
            discovered = discover();
        } catch (KeySourceException e) {
            if (failover == null) {
                throw e;
            }
            return failover.get(selector, context); // discovery itself failed: nothing remote to ask
        }
        return discovered.get(selector, context);
    }

    private synchronized JWKSource<SecurityContext> discover() throws KeySourceException {
        if (delegate != null) {
            return delegate;
        }
        if (lastFailure != null && System.nanoTime() - lastFailureNanos < retryAfterMillis * 1_000_000) {
            throw new KeySourceException("OIDC discovery for " + issuer + " failed recently: " + lastFailure);
        }
        try {
            delegate = remote.apply(jwksUri());
            LOG.log(System.Logger.Level.INFO, "Discovered the JWKS of {0}", issuer);
            return delegate;
        } catch (DiscoveryException | IllegalArgumentException e) {
            lastFailureNanos = System.nanoTime();
            lastFailure = e.getMessage();
            LOG.log(System.Logger.Level.WARNING, "OIDC discovery for {0} failed: {1}", issuer, e.getMessage());
            throw new KeySourceException("OIDC discovery for " + issuer + " failed: " + e.getMessage(), e);
        }
    }

    private URI jwksUri() throws DiscoveryException {
        Map<String, Object> document = fetch(oidcLocation());
        if (document == null) {
            document = fetch(rfc8414Location());
        }
        if (document == null) {
            throw new DiscoveryException("no discovery document at " + oidcLocation() + " or " + rfc8414Location());
        }
        Object declared = document.get("issuer");
        if (!issuer.toString().equals(declared)) {
            throw new DiscoveryException(
                    "the document names another issuer, " + LogText.clean(String.valueOf(declared)));
        }
        Object jwks = document.get("jwks_uri");
        if (!(jwks instanceof String text) || text.isBlank()) {
            throw new DiscoveryException("the document has no jwks_uri");
        }
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new DiscoveryException("the document's jwks_uri is not a URI");
        }
    }

    /** @return the parsed document, or null when there is none at this location (404) */
    private Map<String, Object> fetch(URI location) throws DiscoveryException {
        try {
            URL url = location.toURL();
            return JSONObjectUtils.parse(retriever.retrieveResource(url).getContent());
        } catch (IOException e) {
            if (e instanceof java.io.FileNotFoundException
                    || e.getMessage() != null && e.getMessage().startsWith("HTTP 404")) {
                return null;
            }
            throw new DiscoveryException(
                    "cannot fetch " + location + " (" + e.getClass().getSimpleName() + ")");
        } catch (ParseException | RuntimeException e) {
            throw new DiscoveryException("the document at " + location + " is not a JSON object");
        }
    }

    /** OIDC Discovery: the issuer with {@code /.well-known/openid-configuration} appended. */
    URI oidcLocation() {
        String base = issuer.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/.well-known/openid-configuration");
    }

    /** RFC 8414: {@code /.well-known/oauth-authorization-server} inserted before the issuer's path. */
    URI rfc8414Location() {
        String path = issuer.getRawPath() == null || issuer.getRawPath().equals("/") ? "" : issuer.getRawPath();
        return URI.create(issuer.getScheme() + "://" + issuer.getRawAuthority()
                + "/.well-known/oauth-authorization-server" + path);
    }

    /** Why discovery failed; its message names URLs and reasons, never document content beyond the issuer. */
    private static final class DiscoveryException extends Exception {
        private static final long serialVersionUID = 1L;

        DiscoveryException(String message) {
            super(message, null, false, false);
        }
    }
}
