package dev.jwtfilter.config;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import dev.jwtfilter.event.AuthEventListener;
import dev.jwtfilter.internal.LogText;
import dev.jwtfilter.keys.JwksOptions;
import dev.jwtfilter.keys.KeySources;
import dev.jwtfilter.keys.VerificationKeys;
import dev.jwtfilter.proof.DPoPProofSettings;
import dev.jwtfilter.proof.DPoPReplayCache;
import dev.jwtfilter.revoke.RevocationCheck;
import dev.jwtfilter.revoke.RevocationList;
import dev.jwtfilter.verify.DPoPPolicy;
import dev.jwtfilter.verify.TrustedIssuer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Collects settings for a {@link JwtConfig}. {@link #build()} validates everything and reports all
 * problems at once in an {@link InvalidJwtConfigException}. Exactly one key source must be set. Not
 * thread safe; the built configuration is.
 */
public final class JwtConfigBuilder {
    private static final System.Logger LOG = System.getLogger(JwtConfigBuilder.class.getName());
    /** Default remote JWKS algorithm allowlist: the key types of a remote set are unknown at start-up. */
    static final Set<JWSAlgorithm> DEFAULT_REMOTE_ALGORITHMS = Set.of(JWSAlgorithm.RS256);

    String issuer;
    final Set<String> audiences = new LinkedHashSet<>();
    private final List<KeyInput> keyInputs = new ArrayList<>();
    private JwksOptions jwksOptions = JwksOptions.defaults();
    private String jwksFallback;
    final Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
    Duration clockSkew = Duration.ofSeconds(60);
    Clock clock = Clock.systemUTC();
    final Set<String> acceptedTypes = new LinkedHashSet<>(List.of("JWT", "at+jwt"));
    boolean typeRequired;
    boolean typeRulesSet;
    JwtProfile profile = JwtProfile.NONE;
    Duration maxTokenAge;
    final Set<String> requiredClaims = new LinkedHashSet<>();
    final List<String> principalClaims = new ArrayList<>(List.of("upn", "preferred_username", "sub"));
    String rolesClaim = "groups";
    String rolePrefix = "";
    String namePrefix = "";
    String realm = "jwt";
    boolean problemDetails;
    int maxTokenBytes = 8192;
    String cookieName;
    boolean cookieCsrf = true;
    String csrfHeaderName = "X-CSRF-Token";
    String csrfCookieName;
    boolean queryParameterAllowed;
    final List<String> publicPaths = new ArrayList<>();
    final List<StepUpPath> stepUpPaths = new ArrayList<>();
    AuthenticationMode mode = AuthenticationMode.REQUIRED;
    boolean annotationsEnforced = true;
    final Set<FirewallRule> firewallAllowed = EnumSet.noneOf(FirewallRule.class);
    boolean cacheEnabled = true;
    int cacheMaxEntries = 10_000;
    private final List<IssuerEntry> issuerEntries = new ArrayList<>();
    RevocationList revocationList;
    RevocationCheck revocationCheck;
    Duration revocationCacheTtl = Duration.ofSeconds(5);
    boolean revocationJtiRequired = true;
    boolean revocationTuned;
    final List<AuthEventListener> eventListeners = new ArrayList<>();
    boolean eventLogging = true;
    DPoPPolicy dpopPolicy = DPoPPolicy.BEARER;
    final Set<JWSAlgorithm> dpopAlgorithms = new LinkedHashSet<>();
    Duration dpopProofMaxAge = Duration.ofSeconds(60);
    boolean dpopNonces;
    byte[] dpopNonceSecret;
    Duration dpopNonceLifetime = Duration.ofMinutes(5);
    DPoPReplayCache dpopReplayCache;
    URI dpopExternalUrl;
    boolean dpopForwardedHeaders;
    boolean resourceMetadata;
    URI resource;
    String resourceName;
    URI resourceDocumentation;
    final List<String> resourceScopes = new ArrayList<>();
    /** Whether any shared DPoP setting was given: they apply only when some issuer accepts DPoP. */
    boolean dpopTuned;

    boolean dpopAlgorithmsSet;
    boolean dpopNonceLifetimeSet;

    JwtConfigBuilder() {}

    /**
     * Sets the exact issuer ({@code iss}) tokens must carry. Required.
     *
     * @param value the issuer URL or name, compared exactly
     * @return this builder
     */
    public JwtConfigBuilder issuer(String value) {
        this.issuer = value;
        return this;
    }

    /**
     * Adds accepted audiences; a token's {@code aud} must contain one of them. At least one is required.
     *
     * @param values the audiences to accept
     * @return this builder
     */
    public JwtConfigBuilder audiences(String... values) {
        return audiences(List.of(values));
    }

    /**
     * Adds accepted audiences; a token's {@code aud} must contain one of them.
     *
     * @param values the audiences to accept
     * @return this builder
     */
    public JwtConfigBuilder audiences(Collection<String> values) {
        audiences.addAll(values);
        return this;
    }

    /**
     * Verifies with a shared HMAC secret of at least 256 bits.
     *
     * @param secret the secret bytes, at least 32; copied
     * @return this builder
     */
    public JwtConfigBuilder hmacSecret(byte[] secret) {
        byte[] copy = secret.clone();
        keyInputs.add(new KeyInput("HMAC secret", () -> KeySources.hmac(copy)));
        return this;
    }

    /**
     * Verifies with a shared HMAC secret given as text; its UTF-8 bytes must number at least 32.
     *
     * @param secret the secret text
     * @return this builder
     */
    public JwtConfigBuilder hmacSecret(String secret) {
        return hmacSecret(secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Verifies with PEM public keys or certificates (RSA of 2048 bits or more, or EC).
     *
     * @param pem one or more PEM public keys or certificates
     * @return this builder
     */
    public JwtConfigBuilder publicKeyPem(String pem) {
        keyInputs.add(new KeyInput("PEM public key", () -> KeySources.pem(pem)));
        return this;
    }

    /**
     * Verifies with the public keys of a JWK or JWK set JSON document; the token's {@code kid} picks the key.
     *
     * @param json a JWK or JWK set JSON document
     * @return this builder
     */
    public JwtConfigBuilder jwkSet(String json) {
        keyInputs.add(new KeyInput("JWK set", () -> KeySources.jwkSet(json)));
        return this;
    }

    /**
     * Verifies with keys fetched from a JWKS URL (https, or http on loopback), cached per {@link #jwksOptions}.
     *
     * @param uri the JWKS URL
     * @return this builder
     */
    public JwtConfigBuilder jwksUri(URI uri) {
        keyInputs.add(
                new KeyInput("JWKS URI", () -> KeySources.remote(uri, jwksOptions, remoteAlgorithms(), jwksFallback)));
        return this;
    }

    /**
     * Verifies with the key document at an https URL (http on loopback), fetched once now at start-up
     * (MicroProfile JWT 2.1, {@code mp.jwt.verify.publickey.location}): a PEM key, a JWK, or a base64url-encoded
     * JWK or JWK set is used as fetched until restart; a plain JWK set makes the URL a JWKS endpoint, used like
     * {@link #jwksUri} (cached, refetched on rotation, each fetched set checked key by key, bad keys skipped). When
     * the URL cannot be fetched at start-up it is taken for a JWKS endpoint too: tokens get 503 until it serves a
     * JWK set, and the application still starts.
     */
    JwtConfigBuilder publicKeyLocation(URI uri) {
        keyInputs.add(new KeyInput(JwtConfigParams.MP_PUBLIC_KEY_LOCATION, () -> locationKeys(uri)));
        return this;
    }

    private VerificationKeys locationKeys(URI uri) {
        String text;
        try {
            text = KeySources.fetch(uri, jwksOptions);
        } catch (IllegalArgumentException e) {
            // remote() refuses a plain-http URL off loopback again, so that stays a start-up failure.
            LOG.log(
                    System.Logger.Level.WARNING,
                    "{0} could not be fetched at start-up ({1}); taken for a JWKS "
                            + "endpoint: tokens get 503 until it serves a JWK set",
                    uri,
                    LogText.clean(e.getMessage()));
            return KeySources.remote(uri, jwksOptions, remoteAlgorithms());
        }
        if (KeyTexts.isJwkSet(text)) {
            // A JWKS endpoint (Keycloak's serves an encryption key beside its signing keys): checked per fetch.
            return KeySources.remote(uri, jwksOptions, remoteAlgorithms());
        }
        String json = KeyTexts.json(text);
        return json == null ? KeySources.pem(text) : KeySources.jwkSet(json);
    }

    /**
     * Keys from the issuer's OpenID Connect discovery document (or RFC 8414 metadata): its {@code jwks_uri}
     * is found on the first token and then used like {@link #jwksUri}, with the same {@link JwksOptions}.
     * The issuer must be an https URL (http only on loopback).
     *
     * @return this builder
     */
    public JwtConfigBuilder discoverKeysFromIssuer() {
        keyInputs.add(new KeyInput("OIDC discovery", () -> {
            if (issuer == null) {
                throw new IllegalArgumentException("needs the issuer URL (jwt.issuer)");
            }
            URI uri;
            try {
                uri = new URI(issuer);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("the issuer is not a URL", e);
            }
            return KeySources.discovered(uri, jwksOptions, remoteAlgorithms(), jwksFallback);
        }));
        return this;
    }

    /**
     * A local JWK set that verifies when the remote JWKS (or discovery) cannot be fetched and no fetched
     * set is cached within the outage tolerance: keys keep working through a long outage or a cold start
     * while the provider is down. Only with {@link #jwksUri} or {@link #discoverKeysFromIssuer()}.
     *
     * @param json a JWK set JSON document (public keys; private parts are dropped)
     * @return this builder
     */
    public JwtConfigBuilder jwksFallback(String json) {
        this.jwksFallback = Objects.requireNonNull(json, "json");
        return this;
    }

    /** @return the JWKS options set so far (an issuer entry starts with its parent's) */
    JwksOptions jwksOptions() {
        return jwksOptions;
    }

    private Set<JWSAlgorithm> remoteAlgorithms() {
        if (algorithms.stream().anyMatch(JWSAlgorithm.Family.HMAC_SHA::contains)) {
            // A secret served by a public endpoint is no secret: anyone could sign with it.
            throw new IllegalArgumentException("HMAC algorithms cannot be allowed with a remote JWKS");
        }
        return algorithms.isEmpty() ? DEFAULT_REMOTE_ALGORITHMS : algorithms;
    }

    /**
     * Trusts one more issuer, with its own keys and rules: a token is routed by its (unverified) {@code iss}
     * to the one entry that names it, then verified against that entry alone; a token whose {@code iss}
     * names no entry is invalid. The entry starts from this builder's claim settings (clock and skew, types,
     * required claims, principal and roles claims, role and name prefixes, maximum age, JWKS options) and must set its
     * own issuer, audiences and keys; transport settings (realm, cookie, paths, cache, mode) are this
     * builder's only and are ignored in an entry. This builder's own issuer and keys, when set, are one
     * more entry; without them every token must match a trusted issuer.
     *
     * @param name names the entry in configuration errors
     * @param settings sets the entry's issuer, audiences, keys and any rule of its own
     * @return this builder
     */
    public JwtConfigBuilder trustedIssuer(String name, Consumer<JwtConfigBuilder> settings) {
        issuerEntries.add(
                new IssuerEntry(Objects.requireNonNull(name, "name"), Objects.requireNonNull(settings, "settings")));
        return this;
    }

    /**
     * Sets how a remote JWK set is cached and fetched (default {@link JwksOptions#defaults()}).
     *
     * @param options the JWKS cache and fetch options
     * @return this builder
     */
    public JwtConfigBuilder jwksOptions(JwksOptions options) {
        this.jwksOptions = Objects.requireNonNull(options, "options");
        return this;
    }

    /**
     * Verifies with keys built elsewhere, for example a custom Nimbus key source.
     *
     * @param keys the verification keys to use
     * @return this builder
     */
    public JwtConfigBuilder keys(VerificationKeys keys) {
        keyInputs.add(new KeyInput("custom keys", () -> keys));
        return this;
    }

    /**
     * Sets the algorithm allowlist; by default it is derived from the keys, one algorithm per key (RS256 for a
     * remote JWKS). A key without {@code alg} verifies with another algorithm than its default only when it is
     * listed here (see {@link dev.jwtfilter.keys.KeyAlgorithms}).
     *
     * @param values the allowed algorithms, replacing any set before
     * @return this builder
     */
    public JwtConfigBuilder algorithms(Collection<JWSAlgorithm> values) {
        algorithms.clear();
        algorithms.addAll(values);
        return this;
    }

    /**
     * Sets the tolerated clock difference, in whole seconds (default 60 s); a fraction of a second is refused by {@link #build()}.
     *
     * @param value the tolerated skew, in whole seconds
     * @return this builder
     */
    public JwtConfigBuilder clockSkew(Duration value) {
        this.clockSkew = value;
        return this;
    }

    /**
     * Sets the clock that time claims are checked against (default system UTC).
     *
     * @param value the clock to check time claims against
     * @return this builder
     */
    public JwtConfigBuilder clock(Clock value) {
        this.clock = Objects.requireNonNull(value, "clock");
        return this;
    }

    /**
     * Replaces the accepted {@code typ} values (default {@code JWT} and {@code at+jwt}).
     *
     * @param values the accepted {@code typ} values
     * @return this builder
     */
    public JwtConfigBuilder acceptedTypes(Collection<String> values) {
        acceptedTypes.clear();
        acceptedTypes.addAll(values);
        this.typeRulesSet = true;
        return this;
    }

    /**
     * Refuses tokens without a {@code typ} header when true (default false).
     *
     * @param value true to refuse tokens without {@code typ}
     * @return this builder
     */
    public JwtConfigBuilder typeRequired(boolean value) {
        this.typeRequired = value;
        this.typeRulesSet = true;
        return this;
    }

    /**
     * Applies a token profile on top of the other rules (default {@link JwtProfile#NONE}). {@link JwtProfile#RFC9068}
     * accepts and requires {@code typ} {@code at+jwt} only, so it cannot be combined with {@link #acceptedTypes}
     * or {@link #typeRequired} on the same builder; an issuer entry inherits the profile and may set its own.
     *
     * @param value the token profile
     * @return this builder
     */
    public JwtConfigBuilder profile(JwtProfile value) {
        this.profile = Objects.requireNonNull(value, "profile");
        return this;
    }

    /**
     * Refuses tokens whose {@code iat} is older than this (default: no limit); makes {@code iat} required.
     *
     * @param value the oldest {@code iat} accepted, counted back from now; null for no limit
     * @return this builder
     */
    public JwtConfigBuilder maxTokenAge(Duration value) {
        this.maxTokenAge = value;
        return this;
    }

    /**
     * Adds claims every token must carry.
     *
     * @param values the names of the required claims
     * @return this builder
     */
    public JwtConfigBuilder requiredClaims(Collection<String> values) {
        requiredClaims.addAll(values);
        return this;
    }

    /**
     * Replaces the claims tried in order for the principal name (default {@code upn, preferred_username, sub}).
     *
     * @param values the claim names, tried in order
     * @return this builder
     */
    public JwtConfigBuilder principalClaims(Collection<String> values) {
        principalClaims.clear();
        principalClaims.addAll(values);
        return this;
    }

    /**
     * Sets the dotted path of the roles claim, for example {@code realm_access.roles} (default {@code groups}).
     *
     * @param value the dotted path of the roles claim
     * @return this builder
     */
    public JwtConfigBuilder rolesClaim(String value) {
        this.rolesClaim = value;
        return this;
    }

    /**
     * Sets a prefix prepended to every role read from the token (default none).
     *
     * @param value the role prefix
     * @return this builder
     */
    public JwtConfigBuilder rolePrefix(String value) {
        this.rolePrefix = value;
        return this;
    }

    /**
     * Sets a prefix prepended to the principal name, not to the claims (default none): with several issuers,
     * an entry's own prefix (say {@code partners:}) keeps its users' names apart from everyone else's.
     *
     * @param value the principal-name prefix
     * @return this builder
     */
    public JwtConfigBuilder namePrefix(String value) {
        this.namePrefix = value;
        return this;
    }

    /**
     * Sets the realm named in challenges (default {@code jwt}).
     *
     * @param value the realm
     * @return this builder
     */
    public JwtConfigBuilder realm(String value) {
        this.realm = value;
        return this;
    }

    /**
     * Answers refusals with RFC 9457 problem details ({@code application/problem+json}) that keep RFC 6750's
     * {@code error} and {@code error_description} members when true (default false: the plain JSON body).
     *
     * @param value true for problem details
     * @return this builder
     */
    public JwtConfigBuilder problemDetails(boolean value) {
        this.problemDetails = value;
        return this;
    }

    /**
     * Sets the longest token accepted, in bytes (default 8192).
     *
     * @param value the limit, in bytes
     * @return this builder
     */
    public JwtConfigBuilder maxTokenBytes(int value) {
        this.maxTokenBytes = value;
        return this;
    }

    /**
     * Also reads the token from this cookie when no {@code Authorization} header is sent (default off).
     *
     * @param value the cookie name
     * @return this builder
     */
    public JwtConfigBuilder cookieName(String value) {
        this.cookieName = value;
        return this;
    }

    /**
     * Turns the double-submit CSRF check for cookie tokens on or off (default on). Off lets any web site
     * make a logged-in browser send authenticated unsafe requests: only for clients that are not browsers.
     *
     * @param value true to check CSRF on cookie tokens
     * @return this builder
     */
    public JwtConfigBuilder cookieCsrf(boolean value) {
        this.cookieCsrf = value;
        return this;
    }

    /**
     * Sets the header that must echo the CSRF cookie on unsafe methods (default {@code X-CSRF-Token}).
     *
     * @param value the CSRF header name
     * @return this builder
     */
    public JwtConfigBuilder csrfHeaderName(String value) {
        this.csrfHeaderName = value;
        return this;
    }

    /**
     * Sets the cookie holding the CSRF value (default the token cookie's {@code __Host-} or {@code __Secure-}
     * prefix followed by {@code csrf}, so {@code __Host-csrf} for a {@code __Host-} token cookie).
     *
     * @param value the CSRF cookie name
     * @return this builder
     */
    public JwtConfigBuilder csrfCookieName(String value) {
        this.csrfCookieName = value;
        return this;
    }

    /**
     * Also reads the {@code access_token} query parameter when true (default false).
     *
     * @param value true to read the {@code access_token} query parameter
     * @return this builder
     */
    public JwtConfigBuilder queryParameterAllowed(boolean value) {
        this.queryParameterAllowed = value;
        return this;
    }

    /**
     * Adds path patterns that need no token: exact ({@code /auth/login}), prefix ({@code /public/*}) or extension ({@code *.css}).
     *
     * @param values the public path patterns
     * @return this builder
     */
    public JwtConfigBuilder publicPaths(Collection<String> values) {
        publicPaths.addAll(values);
        return this;
    }

    /**
     * Adds a step-up entry (RFC 9470): on its paths a token must carry one of its {@code acr} values and/or an
     * {@code auth_time} no older than its maximum age. Where several entries match a request, every one must be met.
     * Checked at {@link #build()}: a name of letters, digits, {@code -} and {@code _}, at least one path, an
     * {@code acr} or a maximum age, no negative age, {@code acr} values of printable ASCII without spaces.
     *
     * @param entry the entry
     * @return this builder
     */
    public JwtConfigBuilder stepUp(StepUpPath entry) {
        stepUpPaths.add(Objects.requireNonNull(entry, "entry"));
        return this;
    }

    /**
     * Sets what happens to requests without a token (default {@link AuthenticationMode#REQUIRED}).
     *
     * @param value the authentication mode
     * @return this builder
     */
    public JwtConfigBuilder mode(AuthenticationMode value) {
        this.mode = Objects.requireNonNull(value, "mode");
        return this;
    }

    /**
     * Turns enforcement of {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} on servlets on or off (default on).
     *
     * @param value true to enforce the annotations
     * @return this builder
     */
    public JwtConfigBuilder annotationsEnforced(boolean value) {
        this.annotationsEnforced = value;
        return this;
    }

    /**
     * Lets requests through that break these request-firewall rules (default none: every rule refuses with
     * 400). Relax a rule only when the application needs it and every router behind the filter resolves
     * such paths exactly as the container does.
     *
     * @param rules the firewall rules to relax
     * @return this builder
     */
    public JwtConfigBuilder firewallAllow(Collection<FirewallRule> rules) {
        firewallAllowed.addAll(rules);
        return this;
    }

    /**
     * Turns the verified-token cache on or off (default on).
     *
     * @param value true to cache verified tokens
     * @return this builder
     */
    public JwtConfigBuilder cacheEnabled(boolean value) {
        this.cacheEnabled = value;
        return this;
    }

    /**
     * Sets the most verified tokens remembered at once (default 10,000).
     *
     * @param value the largest number of cached tokens
     * @return this builder
     */
    public JwtConfigBuilder cacheMaxEntries(int value) {
        this.cacheMaxEntries = value;
        return this;
    }

    /**
     * Refuses tokens whose issuer and {@code jti} are on this list (default: no list, nothing revoked). The filter asks
     * it through a local cache ({@link #revocationCacheTtl}); revoke through {@link JwtConfig#revocationList()}
     * so that this node refuses the token at once.
     *
     * @param list the revocation list
     * @return this builder
     */
    public JwtConfigBuilder revocationList(RevocationList list) {
        this.revocationList = Objects.requireNonNull(list, "list");
        return this;
    }

    /**
     * Runs this check on every request, as it is, for rules other than a list of ids (default {@link RevocationCheck#NONE}).
     *
     * @param check the revocation check
     * @return this builder
     */
    public JwtConfigBuilder revocationCheck(RevocationCheck check) {
        this.revocationCheck = Objects.requireNonNull(check, "check");
        return this;
    }

    /**
     * Sets how long a "not revoked" answer of the revocation list is reused on this node (default 5 s; zero asks every time).
     *
     * @param value how long a "not revoked" answer is reused; zero for never
     * @return this builder
     */
    public JwtConfigBuilder revocationCacheTtl(Duration value) {
        this.revocationCacheTtl = value;
        this.revocationTuned = true;
        return this;
    }

    /**
     * Refuses tokens without {@code jti} while a revocation list is configured when true (default true).
     *
     * @param value true to require {@code jti} while a revocation list is set
     * @return this builder
     */
    public JwtConfigBuilder revocationJtiRequired(boolean value) {
        this.revocationJtiRequired = value;
        this.revocationTuned = true;
        return this;
    }

    /**
     * Adds a listener called with every accept and refusal, after the built-in counters and log line, in the
     * order added; it must be fast and thread safe (default none).
     *
     * @param listener the listener to add
     * @return this builder
     */
    public JwtConfigBuilder eventListener(AuthEventListener listener) {
        eventListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Turns the one log line per auth event on or off (default on); the counters count either way.
     *
     * @param value true to log one line per auth event
     * @return this builder
     */
    public JwtConfigBuilder eventLogging(boolean value) {
        this.eventLogging = value;
        return this;
    }

    /**
     * Sets how the tokens of this issuer (or of the issuer entry being configured) may be presented, RFC 9449
     * section 7 (default {@link DPoPPolicy#BEARER}; entries inherit the value set outside them). A token bound to
     * a DPoP key ({@code cnf.jkt}) is never accepted without its proof, whatever the policy.
     *
     * @param value bearer, DPoP-allowed or DPoP-required
     * @return this builder
     */
    public JwtConfigBuilder dpop(DPoPPolicy value) {
        this.dpopPolicy = Objects.requireNonNull(value, "value");
        return this;
    }

    /**
     * Sets the algorithms a DPoP proof may be signed with, in the order a challenge lists them (default ES256,
     * RS256, PS256; any of {@link DPoPProofSettings#SUPPORTED}).
     *
     * @param values the allowed proof algorithms
     * @return this builder
     */
    public JwtConfigBuilder dpopAlgorithms(Collection<JWSAlgorithm> values) {
        dpopAlgorithms.clear();
        dpopAlgorithms.addAll(values);
        this.dpopTuned = true;
        this.dpopAlgorithmsSet = true;
        return this;
    }

    /**
     * Sets how long after its {@code iat} a DPoP proof is accepted, plus the clock skew (default 60 s; at most a
     * day).
     *
     * @param value the proof window
     * @return this builder
     */
    public JwtConfigBuilder dpopProofMaxAge(Duration value) {
        this.dpopProofMaxAge = Objects.requireNonNull(value, "value");
        this.dpopTuned = true;
        return this;
    }

    /**
     * Requires a server nonce in every DPoP proof when true (RFC 9449 section 9; default false): a proof without
     * a current nonce is answered {@code 401 use_dpop_nonce} with a {@code DPoP-Nonce} header.
     *
     * @param value true to require nonces
     * @return this builder
     */
    public JwtConfigBuilder dpopNonces(boolean value) {
        this.dpopNonces = value;
        this.dpopTuned |= value; // nonces off is the default, harmless without DPoP
        return this;
    }

    /**
     * Sets the secret nonces are derived from, the same on every node of one API, so that any node accepts the
     * nonce another handed out without shared state (default: random per node).
     *
     * @param value at least 32 bytes; copied
     * @return this builder
     */
    public JwtConfigBuilder dpopNonceSecret(byte[] value) {
        this.dpopNonceSecret = value.clone();
        this.dpopTuned = true;
        return this;
    }

    /**
     * Sets the nonce secret from text, as its UTF-8 bytes.
     *
     * @param value at least 32 bytes in UTF-8
     * @return this builder
     */
    public JwtConfigBuilder dpopNonceSecret(String value) {
        return dpopNonceSecret(value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sets how long one nonce is handed out; it is accepted for one lifetime more (default 5 minutes).
     *
     * @param value the nonce period, from one second to one day
     * @return this builder
     */
    public JwtConfigBuilder dpopNonceLifetime(Duration value) {
        this.dpopNonceLifetime = Objects.requireNonNull(value, "value");
        this.dpopTuned = true;
        this.dpopNonceLifetimeSet = true;
        return this;
    }

    /**
     * Sets where used DPoP proofs are remembered, for example a {@link dev.jwtfilter.proof.JdbcDPoPReplayCache}
     * shared by every node (default: one in memory per configuration, right for one node only).
     *
     * @param value the replay cache
     * @return this builder
     */
    public JwtConfigBuilder dpopReplayCache(DPoPReplayCache value) {
        // A shared cache offered while no issuer accepts DPoP changes nothing: not a problem.
        this.dpopReplayCache = Objects.requireNonNull(value, "value");
        return this;
    }

    /**
     * Sets the origin clients address this application by ({@code https://api.example.com}), when a proxy in
     * front changes scheme, host or port: a proof's {@code htu} is compared with this origin followed by the
     * request's path (default: the request URL as the container sees it).
     *
     * @param value an absolute {@code http} or {@code https} URI with no path, query or fragment
     * @return this builder
     */
    public JwtConfigBuilder dpopExternalUrl(URI value) {
        this.dpopExternalUrl = Objects.requireNonNull(value, "value");
        this.dpopTuned = true;
        return this;
    }

    /**
     * Reads the scheme and host of a proof's {@code htu} from the last {@code Forwarded} element or the last
     * {@code X-Forwarded-*} values when true (default false); a request with both families is refused. Only behind
     * a proxy that writes one family and removes the other as the client sent it.
     *
     * @param value true to trust forwarded headers for {@code htu}
     * @return this builder
     */
    public JwtConfigBuilder dpopForwardedHeaders(boolean value) {
        this.dpopForwardedHeaders = value;
        this.dpopTuned = true;
        return this;
    }

    /**
     * Serves OAuth 2.0 Protected Resource Metadata (RFC 9728) at {@code /.well-known/oauth-protected-resource} (plus
     * the resource identifier's path) and names it in every 401 challenge ({@code resource_metadata}) when true
     * (default false).
     *
     * @param value true to serve the metadata
     * @return this builder
     */
    public JwtConfigBuilder resourceMetadata(boolean value) {
        this.resourceMetadata = value;
        return this;
    }

    /**
     * Sets the resource identifier (RFC 9728, RFC 8707), an https URL without query or fragment (default: the one
     * audience that is an https URL).
     *
     * @param value the resource identifier
     * @return this builder
     */
    public JwtConfigBuilder resource(URI value) {
        this.resource = Objects.requireNonNull(value, "value");
        return this;
    }

    /**
     * Sets the metadata's {@code resource_name} (default none).
     *
     * @param value a human-readable name
     * @return this builder
     */
    public JwtConfigBuilder resourceName(String value) {
        this.resourceName = Objects.requireNonNull(value, "value");
        return this;
    }

    /**
     * Sets the metadata's {@code resource_documentation} (default none).
     *
     * @param value an http(s) URL of documentation for developers
     * @return this builder
     */
    public JwtConfigBuilder resourceDocumentation(URI value) {
        this.resourceDocumentation = Objects.requireNonNull(value, "value");
        return this;
    }

    /**
     * Sets the metadata's {@code scopes_supported} (default none: the member is left out).
     *
     * @param values the scopes clients may ask for to use this resource
     * @return this builder
     */
    public JwtConfigBuilder resourceScopes(Collection<String> values) {
        resourceScopes.clear();
        resourceScopes.addAll(values);
        return this;
    }

    /**
     * Validates every setting and builds the configuration; key material is parsed here, once.
     *
     * @return the validated configuration
     * @throws InvalidJwtConfigException listing every problem found
     */
    public JwtConfig build() {
        List<String> problems = new ArrayList<>();
        List<TrustedIssuer> entries = buildEntries(problems);
        boolean ownIssuer = issuerEntries.isEmpty() || issuer != null || !keyInputs.isEmpty();
        if (ownIssuer) {
            ConfigChecks.identity(this, problems);
        }
        ConfigChecks.claims(this, problems);
        ConfigChecks.transport(this, problems);
        ConfigChecks.revocation(this, problems);
        ConfigChecks.stepUp(this, problems);
        boolean anyDPoP = (ownIssuer && dpopPolicy.acceptsDPoP())
                || entries.stream().anyMatch(entry -> entry.dpopPolicy().acceptsDPoP());
        DPoPProofSettings proofSettings = ConfigChecks.dpop(this, anyDPoP, problems);
        ResourceMetadata metadata = ConfigChecks.resourceMetadata(this, ownIssuer, entries, proofSettings, problems);
        boolean allRequireDPoP = (!ownIssuer || !dpopPolicy.acceptsBearer())
                && entries.stream().noneMatch(entry -> entry.dpopPolicy().acceptsBearer());
        if (allRequireDPoP && cookieName != null) {
            problems.add("A token cookie can never work when every issuer requires DPoP (jwt.dpop=dpop-required):"
                    + " a cookie carries bearer tokens only");
        }
        problems.addAll(jwksOptions.problems());
        VerificationKeys keys = ownIssuer ? resolveKeys(problems) : null;
        if (!ownIssuer && jwksFallback != null) {
            problems.add(
                    "A JWKS fallback set outside any issuer entry is never used: set it in the entry it belongs to");
        }
        Set<JWSAlgorithm> allowed = keys == null ? Set.of() : allowedAlgorithms(keys, problems);
        ConfigChecks.distinctIssuers(ownIssuer ? issuer : null, entries, problems);
        if (!problems.isEmpty()) {
            throw new InvalidJwtConfigException(problems);
        }
        return new JwtConfig(this, ownIssuer ? ownIssuer(keys, allowed) : null, entries, proofSettings, metadata);
    }

    /** The own issuer's rules as one value; the profile's types and claims are merged in here, once. */
    private TrustedIssuer ownIssuer(VerificationKeys keys, Set<JWSAlgorithm> allowed) {
        Set<String> required = new LinkedHashSet<>(requiredClaims);
        required.addAll(profile.requiredClaims());
        boolean profileTypes = !profile.types().isEmpty();
        return TrustedIssuer.builder(issuer, keys)
                .audiences(audiences)
                .algorithms(allowed, !algorithms.isEmpty())
                .clock(clock)
                .clockSkew(clockSkew)
                .types(profileTypes ? profile.types() : acceptedTypes, typeRequired || profileTypes)
                .claims(required, profile.stringClaims())
                .maxTokenAge(maxTokenAge)
                .principal(principalClaims, rolesClaim, rolePrefix, namePrefix)
                .dpopPolicy(dpopPolicy)
                .build();
    }

    private List<TrustedIssuer> buildEntries(List<String> problems) {
        List<TrustedIssuer> entries = new ArrayList<>();
        for (IssuerEntry entry : issuerEntries) {
            JwtConfigBuilder b = inheritClaimSettings();
            try {
                entry.settings().accept(b);
                if (!b.issuerEntries.isEmpty()) {
                    problems.add("Issuer entry '" + entry.name() + "': entries cannot have entries");
                    continue;
                }
                entries.add(b.build().ownIssuer().orElseThrow());
            } catch (InvalidJwtConfigException e) {
                e.problems().forEach(p -> problems.add("Issuer entry '" + entry.name() + "': " + p));
            }
        }
        return entries;
    }

    private JwtConfigBuilder inheritClaimSettings() {
        JwtConfigBuilder b = new JwtConfigBuilder();
        b.clock = clock;
        b.clockSkew = clockSkew;
        b.acceptedTypes.clear();
        b.acceptedTypes.addAll(acceptedTypes);
        b.typeRequired = typeRequired;
        b.profile = profile;
        b.maxTokenAge = maxTokenAge;
        b.requiredClaims.addAll(requiredClaims);
        b.principalClaims.clear();
        b.principalClaims.addAll(principalClaims);
        b.rolesClaim = rolesClaim;
        b.rolePrefix = rolePrefix;
        b.namePrefix = namePrefix;
        b.jwksOptions = jwksOptions;
        b.algorithms.addAll(algorithms); // an allowlist set once must not silently stop applying to entries
        b.maxTokenBytes = maxTokenBytes;
        b.dpopPolicy = dpopPolicy;
        return b;
    }

    private VerificationKeys resolveKeys(List<String> problems) {
        if (keyInputs.size() != 1) {
            problems.add(
                    keyInputs.isEmpty()
                            ? "No key configured: set jwt.hmac-secret, jwt.public-key, jwt.public-key.file, jwt.keys.attribute, jwt.jwks.uri or jwt.oidc.discovery"
                            : "More than one key source configured ("
                                    + keyInputs.stream().map(KeyInput::name).toList() + "): choose one");
            return null;
        }
        KeyInput input = keyInputs.get(0);
        if (jwksFallback != null
                && !input.name().equals("JWKS URI")
                && !input.name().equals("OIDC discovery")) {
            problems.add("A JWKS fallback is only used with a JWKS URI or OIDC discovery, not with " + input.name());
            return null;
        }
        try {
            return input.keys().get();
        } catch (IllegalArgumentException e) {
            problems.add(input.name() + ": " + e.getMessage());
            return null;
        }
    }

    private Set<JWSAlgorithm> allowedAlgorithms(VerificationKeys keys, List<String> problems) {
        if (algorithms.isEmpty()) {
            return keys.defaultAlgorithms();
        }
        for (JWSAlgorithm alg : algorithms) {
            if (Algorithm.NONE.getName().equalsIgnoreCase(alg.getName())) {
                problems.add("Algorithm 'none' can never be allowed");
            } else if (!keys.algorithms().contains(alg)) {
                problems.add("Algorithm " + alg + " does not suit the configured keys (they allow " + keys.algorithms()
                        + ")");
            }
        }
        return algorithms;
    }

    private record KeyInput(String name, Supplier<VerificationKeys> keys) {}

    private record IssuerEntry(String name, Consumer<JwtConfigBuilder> settings) {}
}
