package dev.jwtfilter.config;

import java.util.Map;
import java.util.Set;

/**
 * The names of the {@code web.xml} init-params (and context-params) that configure the filter and the
 * mechanism. Every name lives in the {@code jwt.} namespace; MicroProfile JWT 2.1's names
 * ({@code mp.jwt.verify.issuer} and friends) are accepted with MicroProfile's meaning, except the decryption
 * ones, which fail start-up as unsupported. An unknown name in either namespace fails start-up. A whole
 * value may be a reference, {@code ${NAME}} (system property, else environment variable), {@code ${env:NAME}}
 * or {@code ${sys:name}}, each with an optional {@code :default} (or the shell's {@code :-default}, which
 * standalone Tomcat resolves itself from system properties only), to keep secrets and per-environment values
 * out of {@code web.xml}.
 */
public final class JwtConfigParams {
    /** Exact issuer tokens must carry. Required. */
    public static final String ISSUER = "jwt.issuer";
    /** Comma-separated accepted audiences. Required. */
    public static final String AUDIENCES = "jwt.audiences";
    /** HMAC secret text, at least 32 bytes; use {@code ${env:NAME}}. */
    public static final String HMAC_SECRET = "jwt.hmac-secret";
    /** PEM public key(s) or certificate(s), or a JWK / JWK set JSON document, inline. */
    public static final String PUBLIC_KEY = "jwt.public-key";
    /** File holding PEM public key(s) or certificate(s), or a JWK / JWK set JSON document. */
    public static final String PUBLIC_KEY_FILE = "jwt.public-key.file";
    /**
     * Name of a servlet-context attribute holding {@link dev.jwtfilter.keys.VerificationKeys}, set by the
     * application's own {@code ServletContextListener}: for applications that make their keys at start-up.
     * Read by the filter and the mechanism only.
     */
    public static final String KEYS_ATTRIBUTE = "jwt.keys.attribute";
    /** Remote JWK set URL (https, or http on loopback). */
    public static final String JWKS_URI = "jwt.jwks.uri";
    /** How long a fetched JWK set is cached (default 5m). */
    public static final String JWKS_CACHE_TTL = "jwt.jwks.cache-ttl";
    /** How long a request waits for a JWK set refetch (default 15s). */
    public static final String JWKS_REFRESH_TIMEOUT = "jwt.jwks.refresh-timeout";
    /** How long before expiry the cached JWK set is refetched in the background (default 30s; 0 turns it off). */
    public static final String JWKS_REFRESH_AHEAD = "jwt.jwks.refresh-ahead";
    /** Minimum interval between refetches caused by unknown key ids (default 30s). */
    public static final String JWKS_RATE_LIMIT = "jwt.jwks.rate-limit";
    /** How long cached keys keep verifying while the JWKS endpoint fails (default 1h). */
    public static final String JWKS_OUTAGE_TOLERANCE = "jwt.jwks.outage-tolerance";
    /** JWKS HTTP connect timeout (default 2s). */
    public static final String JWKS_CONNECT_TIMEOUT = "jwt.jwks.connect-timeout";
    /** JWKS HTTP read timeout (default 2s). */
    public static final String JWKS_READ_TIMEOUT = "jwt.jwks.read-timeout";
    /** Local JWK set file that verifies when the remote JWKS or discovery cannot be fetched (default none). */
    public static final String JWKS_FALLBACK_FILE = "jwt.jwks.fallback-file";
    /** Whether keys are found through {@code jwt.issuer}'s OpenID Connect discovery document (default false). */
    public static final String OIDC_DISCOVERY = "jwt.oidc.discovery";
    /** Comma-separated algorithm allowlist (default: one algorithm per key, see {@code KeyAlgorithms}). */
    public static final String ALGORITHMS = "jwt.algorithms";
    /** Tolerated clock difference, whole seconds (default 60s; {@code 1500ms} is refused). */
    public static final String CLOCK_SKEW = "jwt.clock-skew";
    /** Oldest accepted {@code iat} (default no limit). */
    public static final String MAX_TOKEN_AGE = "jwt.max-token-age";
    /** Comma-separated accepted {@code typ} values (default {@code JWT,at+jwt}). */
    public static final String TYPES = "jwt.types";
    /** Whether a {@code typ} header is required (default false). */
    public static final String TYPE_REQUIRED = "jwt.type-required";
    /**
     * Token profile: {@code none} (default) or {@code rfc9068}, which requires {@code typ} {@code at+jwt} and the
     * claims {@code iss}, {@code exp}, {@code aud}, {@code sub}, {@code client_id}, {@code iat} and {@code jti}
     * (RFC 9068 JWT access tokens); it cannot be combined with {@link #TYPES} or {@link #TYPE_REQUIRED}.
     */
    public static final String PROFILE = "jwt.profile";
    /** Comma-separated extra claims every token must carry. */
    public static final String REQUIRED_CLAIMS = "jwt.required-claims";
    /** Comma-separated claims tried for the principal name (default {@code upn,preferred_username,sub}). */
    public static final String PRINCIPAL_CLAIMS = "jwt.principal-claims";
    /** Dotted path of the roles claim (default {@code groups}). */
    public static final String ROLES_CLAIM = "jwt.roles-claim";
    /** Prefix prepended to every role (default empty). */
    public static final String ROLE_PREFIX = "jwt.role-prefix";
    /**
     * Prefix prepended to the principal name ({@code getRemoteUser()}, {@code getUserPrincipal().getName()})
     * but not to the claims (default empty); give partner entries one so that their {@code alice} is not yours. It
     * is text in front only: choose one that your own user names cannot start with, or prefix every entry.
     */
    public static final String NAME_PREFIX = "jwt.name-prefix";
    /** Realm in {@code WWW-Authenticate} (default {@code jwt}). */
    public static final String REALM = "jwt.realm";
    /**
     * Whether refusal bodies are RFC 9457 problem details ({@code application/problem+json} with {@code type},
     * {@code title}, {@code status}, {@code detail}) that keep RFC 6750's {@code error} and
     * {@code error_description} members (default false: {@code {"error":..,"error_description":..}} as
     * {@code application/json}).
     */
    public static final String PROBLEM_DETAILS = "jwt.problem-details";
    /** Longest token accepted, in bytes (default 8192). */
    public static final String MAX_TOKEN_SIZE = "jwt.max-token-size";
    /** Cookie the token may also be read from (default none). */
    public static final String COOKIE = "jwt.cookie";
    /**
     * Whether a token read from the cookie needs the double-submit CSRF header on unsafe methods (default
     * true; turning it off lets any site make a browser send authenticated POSTs).
     */
    public static final String COOKIE_CSRF = "jwt.cookie.csrf";
    /** Header that must echo the CSRF cookie (default {@code X-CSRF-Token}). */
    public static final String COOKIE_CSRF_HEADER = "jwt.cookie.csrf-header";
    /** Cookie holding the CSRF value (default the token cookie's {@code __Host-}/{@code __Secure-} prefix + {@code csrf}). */
    public static final String COOKIE_CSRF_COOKIE = "jwt.cookie.csrf-cookie";
    /** Whether the {@code access_token} query parameter is read (default false). */
    public static final String QUERY_PARAMETER = "jwt.query-parameter";
    /** Comma-separated path patterns that need no token. */
    public static final String PUBLIC_PATHS = "jwt.public-paths";
    /**
     * Comma-separated names of step-up entries (RFC 9470; default none); each is set with
     * {@code jwt.step-up.NAME.paths} (comma-separated path patterns as {@link #PUBLIC_PATHS}, required),
     * {@code jwt.step-up.NAME.acr} (comma-separated acceptable {@code acr} values) and/or
     * {@code jwt.step-up.NAME.max-age} (the longest time since {@code auth_time}, a duration).
     */
    public static final String STEP_UP = "jwt.step-up";
    /** What a step-up entry's parameter names start with, before the entry's name. */
    public static final String STEP_UP_PREFIX = "jwt.step-up.";
    /** {@code required} (default) or {@code optional}. */
    public static final String MODE = "jwt.mode";
    /**
     * Comma-separated request-firewall rules to relax (default none): {@code dot-segment}, {@code encoded-slash},
     * {@code backslash}, {@code semicolon}, {@code encoded-percent}, {@code control-character},
     * {@code not-normalized} (see {@link FirewallRule}). Every other rule still answers 400.
     */
    public static final String FIREWALL_ALLOW = "jwt.firewall.allow";
    /** Whether verified tokens are cached (default true). */
    public static final String CACHE_ENABLED = "jwt.cache.enabled";
    /** Most verified tokens cached (default 10000). */
    public static final String CACHE_MAX_ENTRIES = "jwt.cache.max-entries";
    /** Whether servlet security annotations are enforced (default true). */
    public static final String ANNOTATIONS = "jwt.annotations";
    /**
     * Name of a servlet-context attribute holding a {@link dev.jwtfilter.revoke.RevocationList} (checked by
     * {@code iss} and {@code jti}, behind a local cache) or a {@link dev.jwtfilter.revoke.RevocationCheck} (used as it is),
     * set by the application's own {@code ServletContextListener}. Default none: nothing is revoked. Read by
     * the filter and the mechanism only.
     */
    public static final String REVOCATION_ATTRIBUTE = "jwt.revocation.attribute";
    /** How long a "not revoked" answer of the revocation list is reused on this node (default 5s; 0 asks every time). */
    public static final String REVOCATION_CACHE_TTL = "jwt.revocation.cache-ttl";
    /** Whether a token without {@code jti} is refused while a revocation list is configured (default true). */
    public static final String REVOCATION_REQUIRE_JTI = "jwt.revocation.require-jti";

    /**
     * How this issuer's tokens may be presented (RFC 9449 section 7): {@code bearer} (default), {@code dpop-allowed}
     * (unbound tokens as {@code Bearer}, DPoP-bound ones as {@code DPoP} with a proof) or {@code dpop-required}. A
     * token bound to a DPoP key is never accepted without its proof, whatever the policy.
     */
    public static final String DPOP = "jwt.dpop";
    /** Comma-separated algorithms a DPoP proof may be signed with (default {@code ES256, RS256, PS256}). */
    public static final String DPOP_ALGORITHMS = "jwt.dpop.algorithms";
    /** How long after its {@code iat} a DPoP proof is accepted, plus {@code jwt.clock-skew} (default 60s). */
    public static final String DPOP_PROOF_MAX_AGE = "jwt.dpop.proof-max-age";
    /** Whether DPoP proofs must carry a server nonce (RFC 9449 section 9; default false). */
    public static final String DPOP_NONCE = "jwt.dpop.nonce";
    /**
     * The secret DPoP nonces are derived from, at least 32 bytes, the same on every node that serves one API
     * (default: a random secret per node, which is right for one node only). Like {@code jwt.hmac-secret}, best given as
     * {@code ${env:NAME}}, which takes no default.
     */
    public static final String DPOP_NONCE_SECRET = "jwt.dpop.nonce-secret";
    /** How long one DPoP nonce is handed out; it is accepted one lifetime more (default 5m). */
    public static final String DPOP_NONCE_LIFETIME = "jwt.dpop.nonce-lifetime";
    /**
     * Name of a servlet-context attribute holding a {@link dev.jwtfilter.proof.DPoPReplayCache} shared by every node
     * ({@link dev.jwtfilter.proof.JdbcDPoPReplayCache}), set by the application's own
     * {@code ServletContextListener} (default: one in memory per filter). Read by the filter and the mechanism only.
     */
    public static final String DPOP_REPLAY_CACHE_ATTRIBUTE = "jwt.dpop.replay-cache.attribute";
    /**
     * The scheme, host and port clients address this application by, e.g. {@code https://api.example.com}, when
     * a proxy in front changes them: a proof's {@code htu} is compared with this origin and the request's path
     * (default: the request URL as the container sees it).
     */
    public static final String DPOP_EXTERNAL_URL = "jwt.dpop.external-url";
    /**
     * Whether the scheme and host of a proof's {@code htu} are read from the last {@code Forwarded} element or the
     * last {@code X-Forwarded-Proto}/{@code X-Forwarded-Host}/{@code X-Forwarded-Port} values (default false; a
     * request with both families is refused). Only behind a proxy that writes one family and removes the other as
     * the client sent it.
     */
    public static final String DPOP_FORWARDED_HEADERS = "jwt.dpop.forwarded-headers";

    /**
     * Whether the filter and the mechanism serve OAuth 2.0 Protected Resource Metadata (RFC 9728) at
     * {@code /.well-known/oauth-protected-resource} and name it in every 401 challenge (default false).
     */
    public static final String RESOURCE_METADATA = "jwt.resource-metadata";
    /**
     * The resource identifier (RFC 9728 section 1.2, RFC 8707): an https URL without query or fragment (default: the
     * one audience that is an https URL).
     */
    public static final String RESOURCE = "jwt.resource";
    /** A human-readable name of the resource for the metadata's {@code resource_name} (default none). */
    public static final String RESOURCE_NAME = "jwt.resource.name";
    /** A URL of documentation for developers, the metadata's {@code resource_documentation} (default none). */
    public static final String RESOURCE_DOCUMENTATION = "jwt.resource.documentation";
    /** Comma-separated scopes for the metadata's {@code scopes_supported} (default none, the member left out). */
    public static final String RESOURCE_SCOPES = "jwt.resource.scopes";

    /**
     * Comma-separated names of trusted issuer entries (default none); each entry is configured with
     * {@code jwt.issuers.NAME.} followed by one of the {@link #ISSUER_ENTRY_PARAMS} names without {@code jwt.}.
     */
    public static final String ISSUERS = "jwt.issuers";
    /** What an issuer entry's parameter names start with, before the entry's name. */
    public static final String ISSUER_ENTRY_PREFIX = "jwt.issuers.";

    /** The settings an issuer entry may have of its own; every other setting is shared. */
    public static final Set<String> ISSUER_ENTRY_PARAMS = Set.of(
            ISSUER,
            AUDIENCES,
            HMAC_SECRET,
            PUBLIC_KEY,
            PUBLIC_KEY_FILE,
            JWKS_URI,
            JWKS_FALLBACK_FILE,
            OIDC_DISCOVERY,
            JWKS_CACHE_TTL,
            JWKS_REFRESH_TIMEOUT,
            JWKS_REFRESH_AHEAD,
            JWKS_RATE_LIMIT,
            JWKS_OUTAGE_TOLERANCE,
            JWKS_CONNECT_TIMEOUT,
            JWKS_READ_TIMEOUT,
            ALGORITHMS,
            CLOCK_SKEW,
            MAX_TOKEN_AGE,
            TYPES,
            TYPE_REQUIRED,
            PROFILE,
            REQUIRED_CLAIMS,
            PRINCIPAL_CLAIMS,
            ROLES_CLAIM,
            ROLE_PREFIX,
            NAME_PREFIX,
            DPOP);

    /**
     * Comma-separated fully qualified class names of {@link dev.jwtfilter.event.AuthEventListener}s with public
     * no-argument constructors, instantiated at start-up (default none).
     */
    public static final String EVENTS_LISTENER = "jwt.events.listener";
    /** Whether every auth event is logged, one line each (default true). */
    public static final String EVENTS_LOG = "jwt.events.log";

    /** Every name above. */
    static final Set<String> ALL = union(
            ISSUER_ENTRY_PARAMS,
            Set.of(
                    KEYS_ATTRIBUTE,
                    REALM,
                    PROBLEM_DETAILS,
                    MAX_TOKEN_SIZE,
                    COOKIE,
                    COOKIE_CSRF,
                    COOKIE_CSRF_HEADER,
                    COOKIE_CSRF_COOKIE,
                    QUERY_PARAMETER,
                    PUBLIC_PATHS,
                    STEP_UP,
                    MODE,
                    ANNOTATIONS,
                    FIREWALL_ALLOW,
                    CACHE_ENABLED,
                    CACHE_MAX_ENTRIES,
                    ISSUERS,
                    REVOCATION_ATTRIBUTE,
                    REVOCATION_CACHE_TTL,
                    REVOCATION_REQUIRE_JTI,
                    DPOP_ALGORITHMS,
                    DPOP_PROOF_MAX_AGE,
                    DPOP_NONCE,
                    DPOP_NONCE_SECRET,
                    DPOP_NONCE_LIFETIME,
                    DPOP_REPLAY_CACHE_ATTRIBUTE,
                    DPOP_EXTERNAL_URL,
                    DPOP_FORWARDED_HEADERS,
                    RESOURCE_METADATA,
                    RESOURCE,
                    RESOURCE_NAME,
                    RESOURCE_DOCUMENTATION,
                    RESOURCE_SCOPES,
                    EVENTS_LISTENER,
                    EVENTS_LOG));

    /** MicroProfile JWT 2.1 names accepted as plain aliases, mapped to ours: the same meaning, our rules. */
    static final Map<String, String> MP_ALIASES = Map.of(
            "mp.jwt.verify.issuer", ISSUER,
            "mp.jwt.verify.audiences", AUDIENCES,
            "mp.jwt.verify.publickey", PUBLIC_KEY,
            "mp.jwt.verify.publickey.algorithm", ALGORITHMS,
            "mp.jwt.verify.clock.skew", CLOCK_SKEW,
            "mp.jwt.verify.token.age", MAX_TOKEN_AGE);

    /**
     * MicroProfile JWT 2.1: a relative path (a file, else a class-path resource), a {@code classpath:},
     * {@code file:} or {@code https:} URL holding a PEM key, a JWK or a JWK set. No {@code jwt.} equivalent.
     */
    static final String MP_PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    /** MicroProfile JWT 2.1: {@code Authorization} (default) or {@code Cookie}, where the token is read. */
    static final String MP_TOKEN_HEADER = "mp.jwt.token.header";
    /** MicroProfile JWT 2.1: the token cookie's name (default {@code Bearer}), read only with {@code mp.jwt.token.header=Cookie}. */
    static final String MP_TOKEN_COOKIE = "mp.jwt.token.cookie";
    /** MicroProfile JWT names read with MicroProfile's own meaning by {@link MicroProfileKeys}. */
    static final Set<String> MP_OWN = Set.of(MP_PUBLIC_KEY_LOCATION, MP_TOKEN_HEADER, MP_TOKEN_COOKIE);
    /** MicroProfile JWT 2.1 names this library does not support, with the reason start-up fails. */
    static final Map<String, String> MP_UNSUPPORTED = Map.of(
            "mp.jwt.decrypt.key.location", "encrypted tokens (JWE) are not supported, only signed ones (JWS)",
            "mp.jwt.decrypt.key.algorithm", "encrypted tokens (JWE) are not supported, only signed ones (JWS)");

    private JwtConfigParams() {}

    /**
     * @param name the parameter name
     * @return whether a parameter name belongs to the namespaces this library reads
     */
    public static boolean isOwnNamespace(String name) {
        return name.startsWith("jwt.") || name.startsWith("mp.jwt.");
    }

    private static Set<String> union(Set<String> issuerEntry, Set<String> shared) {
        Set<String> all = new java.util.HashSet<>(issuerEntry);
        all.addAll(shared);
        return Set.copyOf(all);
    }
}
