package dev.jwtfilter.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import dev.jwtfilter.internal.SecureUrls;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds {@link VerificationKeys} from each kind of key material: an HMAC secret, PEM public keys or
 * certificates, a JWK or JWK set document, and a remote JWKS URL. Every factory validates at start-up
 * ({@link KeyRules}: signature keys only, RSA at least 2048 bits, secrets at least 256 bits, public keys only)
 * and throws {@link IllegalArgumentException} with a message that names the key by {@code kid} and never
 * contains key material; fetched sets are checked by the same rules on every fetch. Each local key allows one
 * algorithm by default ({@link KeyAlgorithms}).
 */
public final class KeySources {
    /** Smallest HMAC secret accepted, in bytes (RFC 7518 section 3.2: the key must be at least the hash size). */
    public static final int MIN_HMAC_SECRET_BYTES = 32;
    /** Smallest RSA modulus accepted, in bits (RFC 7518 section 3.3). */
    public static final int MIN_RSA_BITS = 2048;

    private KeySources() {}

    /**
     * Keys from a shared HMAC secret; allows HS256, and HS384 or HS512 (when the secret is at least 48 or 64
     * bytes long) only when {@code jwt.algorithms} lists them.
     *
     * @param secret the raw secret, at least {@link #MIN_HMAC_SECRET_BYTES} bytes
     * @return the keys of the secret
     */
    public static VerificationKeys hmac(byte[] secret) {
        if (secret.length < MIN_HMAC_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "HMAC secret must be at least 256 bits (32 bytes), got " + secret.length * 8 + " bits");
        }
        return new VerificationKeys(
                new ImmutableSecret<>(secret.clone()),
                KeyAlgorithms.hmac(secret.length),
                Set.of(JWSAlgorithm.HS256),
                false,
                new KeySetChanges());
    }

    /**
     * Keys from one or more PEM blocks: {@code PUBLIC KEY} (RSA or EC) or {@code CERTIFICATE}.
     * A token's {@code kid} is ignored because PEM keys carry none.
     *
     * @param pem the PEM text
     * @return the keys of the PEM blocks
     */
    public static VerificationKeys pem(String pem) {
        return local(new JWKSet(Pem.parsePublicKeys(pem)), false);
    }

    /**
     * Keys from a JWK or JWK set JSON document (RFC 7517); private parts, if any, are dropped. Every key must
     * be able to verify: a key for encryption ({@code use} other than {@code sig}, {@code key_ops} without
     * {@code verify}) stops start-up, as does any other {@link KeyRules} problem.
     *
     * @param json a single JWK object or a {@code {"keys":[...]}} set
     * @return the public keys of the document
     */
    public static VerificationKeys jwkSet(String json) {
        return local(parseJwkSet(json).toPublicJWKSet(), true);
    }

    private static VerificationKeys local(JWKSet set, boolean matchKeyIds) {
        validate(set);
        Set<JWSAlgorithm> suitable = new LinkedHashSet<>();
        Set<JWSAlgorithm> defaults = new LinkedHashSet<>();
        for (JWK key : set.getKeys()) {
            suitable.addAll(KeyAlgorithms.suitableFor(key));
            defaults.add(KeyAlgorithms.defaultFor(key));
        }
        return new VerificationKeys(new ImmutableJWKSet<>(set), suitable, defaults, matchKeyIds, new KeySetChanges());
    }

    /**
     * Keys fetched from a remote JWKS endpoint with Nimbus' caching, rate-limited refetch on unknown
     * {@code kid}, retry and outage tolerance ({@link RemoteKeys}). Nothing is fetched until the first token
     * arrives. Plain http is only accepted for loopback hosts, so keys cannot be swapped in transit.
     *
     * @param uri the JWK set URL
     * @param options cache and timeout settings
     * @param algorithms the allowlist (a remote set's key types are unknown at start-up)
     * @return the remote keys, fetched on the first token
     */
    public static VerificationKeys remote(URI uri, JwksOptions options, Set<JWSAlgorithm> algorithms) {
        return remote(uri, options, algorithms, null);
    }

    /**
     * As {@link #remote(URI, JwksOptions, Set)}, with a local JWK set that verifies when the endpoint fails
     * and no fetched set is held (or the held one is older than the outage tolerance).
     *
     * @param uri the JWK set URL
     * @param options cache and timeout settings
     * @param algorithms the allowlist (a remote set's key types are unknown at start-up)
     * @param fallback a JWK set JSON document, or null for none
     * @return the remote keys, fetched on the first token
     */
    public static VerificationKeys remote(URI uri, JwksOptions options, Set<JWSAlgorithm> algorithms, String fallback) {
        requireSecureTransport(uri);
        URL url = toUrl(uri, "JWKS URI");
        KeySetChanges changes = new KeySetChanges();
        JWKSource<SecurityContext> fallbackSet = fallbackSource(fallback);
        return new VerificationKeys(remoteSource(url, options, changes, fallbackSet), algorithms, true, changes);
    }

    /**
     * Keys of an OpenID Connect provider found from its issuer alone: the discovery document
     * ({@code /.well-known/openid-configuration}, else RFC 8414's {@code /.well-known/oauth-authorization-server})
     * names the {@code jwks_uri}, which is then used as by {@link #remote}. Fetched on the first token, not at
     * start-up; the document's {@code issuer} must equal ours.
     *
     * @param issuer the issuer URL, exactly as tokens carry it in {@code iss}
     * @param options cache and timeout settings, for the discovery document and the JWK set
     * @param algorithms the allowlist (a remote set's key types are unknown at start-up)
     * @param fallback a JWK set JSON document used when nothing can be fetched, or null for none
     * @return the provider's keys, found and fetched on the first token
     */
    public static VerificationKeys discovered(
            URI issuer, JwksOptions options, Set<JWSAlgorithm> algorithms, String fallback) {
        requireSecureTransport(issuer);
        KeySetChanges changes = new KeySetChanges();
        JWKSource<SecurityContext> fallbackSet = fallbackSource(fallback);
        JWKSource<SecurityContext> failover = fallbackSet == null ? null : new FallbackKeys(null, fallbackSet, changes);
        OidcDiscovery discovery = new OidcDiscovery(
                issuer,
                retriever(options),
                options.rateLimit(),
                jwksUri -> {
                    requireSecureTransport(jwksUri);
                    return remoteSource(toUrl(jwksUri, "Discovered jwks_uri"), options, changes, fallbackSet);
                },
                failover);
        return new VerificationKeys(discovery, algorithms, true, changes);
    }

    /**
     * Fetches a key document once, now, with the JWKS timeouts and size limit: for a key location read at
     * start-up (MicroProfile JWT 2.1, {@code mp.jwt.verify.publickey.location}). Plain http only on loopback.
     *
     * @param uri an https URL (http for localhost)
     * @param options the timeouts and size limit to fetch with
     * @return the document's text
     * @throws IllegalArgumentException when the URL is refused or nothing could be fetched
     */
    public static String fetch(URI uri, JwksOptions options) {
        requireSecureTransport(uri);
        URL url = toUrl(uri, "Key location");
        try {
            return retriever(options).retrieveResource(url).getContent();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot fetch " + uri + " (" + e.getMessage() + ")", e);
        }
    }

    private static JWKSource<SecurityContext> remoteSource(
            URL url, JwksOptions options, KeySetChanges changes, JWKSource<SecurityContext> fallbackSet) {
        RemoteKeys source = new RemoteKeys(url, retriever(options), options, changes);
        return fallbackSet == null ? source : new FallbackKeys(source, fallbackSet, changes);
    }

    private static JWKSource<SecurityContext> fallbackSource(String json) {
        if (json == null) {
            return null;
        }
        JWKSet set = parseJwkSet(json).toPublicJWKSet();
        validate(set);
        return new ImmutableJWKSet<>(set);
    }

    private static DefaultResourceRetriever retriever(JwksOptions options) {
        return new DefaultResourceRetriever(
                (int) options.connectTimeout().toMillis(),
                (int) options.readTimeout().toMillis(),
                options.sizeLimitBytes());
    }

    private static URL toUrl(URI uri, String what) {
        try {
            return uri.toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not a valid URL: " + uri, e);
        }
    }

    private static void validate(JWKSet set) {
        if (set.isEmpty()) {
            throw new IllegalArgumentException("The key set holds no key");
        }
        List<String> problems = new ArrayList<>();
        for (JWK key : set.getKeys()) {
            String problem = KeyRules.problem(key);
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private static JWKSet parseJwkSet(String json) {
        try {
            String trimmed = json.strip();
            if (trimmed.contains("\"keys\"")) {
                return JWKSet.parse(trimmed);
            }
            return new JWKSet(JWK.parse(trimmed));
        } catch (ParseException e) {
            throw new IllegalArgumentException("Not a valid JWK or JWK set document", e);
        }
    }

    static void requireSecureTransport(URI uri) {
        if (!SecureUrls.isSecureTransport(uri)) {
            throw new IllegalArgumentException("Key URLs must use https (plain http only for localhost): " + uri);
        }
    }
}
