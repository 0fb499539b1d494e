package dev.jwtfilter.config;

import static dev.jwtfilter.config.JwtConfigParams.*;

import com.nimbusds.jose.JWSAlgorithm;
import dev.jwtfilter.keys.JwksOptions;
import dev.jwtfilter.verify.DPoPPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one parser from string parameters ({@code web.xml} init-params, context-params, system properties)
 * to a {@link JwtConfig}. Reports every problem at once. Every name it is given must be known: callers
 * that read a shared space (context-params, system properties) pass only the names for which
 * {@link JwtConfigParams#isOwnNamespace} holds. Stateless and thread safe.
 */
public final class JwtConfigParser {
    private static final java.util.Set<String> KEY_PARAMS = java.util.Set.of(
            HMAC_SECRET,
            PUBLIC_KEY,
            PUBLIC_KEY_FILE,
            KEYS_ATTRIBUTE,
            JWKS_URI,
            OIDC_DISCOVERY,
            "mp.jwt.verify.publickey",
            MP_PUBLIC_KEY_LOCATION);
    private static final java.util.Set<String> STEP_UP_ENTRY_SETTINGS = java.util.Set.of("paths", "acr", "max-age");
    private final Function<String, String> environment;
    private final Function<String, String> systemProperties;

    /** Creates a parser that resolves {@code ${env:…}} and {@code ${sys:…}} from this process. */
    public JwtConfigParser() {
        this(System::getenv, System::getProperty);
    }

    /**
     * Creates a parser with explicit lookups, for tests.
     *
     * @param environment resolves {@code ${env:NAME}}
     * @param systemProperties resolves {@code ${sys:name}}
     */
    public JwtConfigParser(Function<String, String> environment, Function<String, String> systemProperties) {
        this.environment = environment;
        this.systemProperties = systemProperties;
    }

    /**
     * Parses parameters into a configuration.
     *
     * @param params parameter names to raw values; an unknown name is a problem
     * @return the validated configuration
     * @throws InvalidJwtConfigException listing every problem
     */
    public JwtConfig parse(Map<String, String> params) {
        return parse(params, JwtConfig.builder());
    }

    /**
     * Parses parameters on top of a builder that may already hold settings made in code (a clock, say).
     *
     * @param params parameter names to raw values; an unknown name is a problem
     * @param builder the builder the parsed settings are added to, then built
     * @return the validated configuration
     * @throws InvalidJwtConfigException listing every problem
     */
    public JwtConfig parse(Map<String, String> params, JwtConfigBuilder builder) {
        List<String> problems = new ArrayList<>();
        Map<String, String> entryParams = new LinkedHashMap<>();
        Map<String, String> stepUpParams = new LinkedHashMap<>();
        Map<String, String> plainParams = new LinkedHashMap<>();
        params.forEach((name, raw) -> (name.startsWith(ISSUER_ENTRY_PREFIX)
                        ? entryParams
                        : name.startsWith(STEP_UP_PREFIX) ? stepUpParams : plainParams)
                .put(name, raw));
        Map<String, String> values = canonicalValues(plainParams, problems);
        ParamReader reader = new ParamReader(values, problems);
        apply(reader, builder);
        applyIssuerEntries(values, entryParams, builder, problems);
        applyStepUpEntries(values, stepUpParams, builder, problems);
        try {
            JwtConfig config = builder.build();
            if (problems.isEmpty()) {
                return config;
            }
        } catch (InvalidJwtConfigException e) {
            boolean keyGivenButBroken = KEY_PARAMS.stream().anyMatch(params::containsKey);
            // A key parameter that failed already has its own problem; "no key" would only repeat it.
            e.problems().stream()
                    .filter(p -> !(keyGivenButBroken && p.startsWith("No key configured")))
                    .forEach(problems::add);
        }
        throw new InvalidJwtConfigException(problems);
    }

    private Map<String, String> canonicalValues(Map<String, String> params, List<String> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        params.forEach((name, raw) -> {
            String canonical = canonicalName(name);
            if (MP_UNSUPPORTED.containsKey(name)) {
                problems.add("Parameter '" + name + "' is not supported: " + MP_UNSUPPORTED.get(name));
            } else if (canonical == null) {
                problems.add("Unknown parameter '" + name + "'");
            } else if (values.containsKey(canonical)) {
                problems.add("Parameter '" + canonical + "' is set twice (through '" + name + "' too)");
            } else {
                String value = resolve(name, raw == null ? "" : raw.strip(), problems);
                if (value != null) {
                    values.put(canonical, value);
                }
            }
        });
        return values;
    }

    private static String canonicalName(String name) {
        return ALL.contains(name) || MP_OWN.contains(name) ? name : MP_ALIASES.get(name);
    }

    /** Resolves a whole-value reference (see {@link ValueReferences}). */
    private String resolve(String name, String raw, List<String> problems) {
        return new ValueReferences(environment, systemProperties).resolve(name, raw, problems);
    }

    /** Each name in {@code jwt.issuers} becomes a trusted issuer entry from its {@code jwt.issuers.NAME.*} parameters. */
    private void applyIssuerEntries(
            Map<String, String> values,
            Map<String, String> entryParams,
            JwtConfigBuilder builder,
            List<String> problems) {
        List<String> names = new ArrayList<>();
        new ParamReader(values, problems).list(ISSUERS, names::addAll);
        Map<String, Map<String, String>> entries = new LinkedHashMap<>();
        for (String name : names) {
            if (!name.matches("[A-Za-z0-9_-]+")) {
                problems.add("Issuer entry name '" + name + "' may only hold letters, digits, '-' and '_'");
            } else if (entries.put(name, new LinkedHashMap<>()) != null) {
                problems.add("Issuer entry '" + name + "' is listed twice in " + ISSUERS);
            }
        }
        entryParams.forEach((param, raw) -> {
            String rest = param.substring(ISSUER_ENTRY_PREFIX.length());
            int dot = rest.indexOf('.');
            Map<String, String> entry = dot < 0 ? null : entries.get(rest.substring(0, dot));
            String canonical = dot < 0 ? null : "jwt." + rest.substring(dot + 1);
            if (entry == null) {
                problems.add("Parameter '" + param + "' belongs to no issuer entry listed in " + ISSUERS);
            } else if (!ISSUER_ENTRY_PARAMS.contains(canonical)) {
                problems.add("Parameter '" + param + "' cannot be set per issuer (it is shared by all)");
            } else {
                String value = resolve(param, raw == null ? "" : raw.strip(), problems);
                if (value != null) {
                    entry.put(canonical, value);
                }
            }
        });
        entries.forEach((name, entryValues) -> builder.trustedIssuer(
                name, b -> applyIssuer(new ParamReader(entryValues, problems, ISSUER_ENTRY_PREFIX + name + "."), b)));
    }

    /** Each name in {@code jwt.step-up} becomes a step-up entry from its {@code jwt.step-up.NAME.*} parameters. */
    private void applyStepUpEntries(
            Map<String, String> values,
            Map<String, String> stepUpParams,
            JwtConfigBuilder builder,
            List<String> problems) {
        Map<String, Map<String, String>> entries = new LinkedHashMap<>();
        new ParamReader(values, problems)
                .list(
                        STEP_UP,
                        names -> names.forEach(name -> {
                            if (entries.put(name, new LinkedHashMap<>()) != null) {
                                problems.add("Step-up entry '" + name + "' is listed twice in " + STEP_UP);
                            }
                        }));
        stepUpParams.forEach((param, raw) -> {
            String rest = param.substring(STEP_UP_PREFIX.length());
            int dot = rest.indexOf('.');
            Map<String, String> entry = dot < 0 ? null : entries.get(rest.substring(0, dot));
            String setting = dot < 0 ? null : rest.substring(dot + 1);
            if (entry == null) {
                problems.add("Parameter '" + param + "' belongs to no step-up entry listed in " + STEP_UP);
            } else if (!STEP_UP_ENTRY_SETTINGS.contains(setting)) {
                problems.add("Unknown parameter '" + param + "': a step-up entry has paths, acr and max-age");
            } else {
                String value = resolve(param, raw == null ? "" : raw.strip(), problems);
                if (value != null) {
                    entry.put("jwt." + setting, value); // so that problems name jwt.step-up.NAME.setting
                }
            }
        });
        entries.forEach((name, settings) -> stepUpEntry(name, settings, builder, problems));
    }

    private static void stepUpEntry(
            String name, Map<String, String> settings, JwtConfigBuilder builder, List<String> problems) {
        ParamReader r = new ParamReader(settings, problems, STEP_UP_PREFIX + name + ".");
        List<String> paths = new ArrayList<>();
        List<String> acr = new ArrayList<>();
        java.time.Duration[] maxAge = {null};
        r.list("jwt.paths", paths::addAll);
        r.list("jwt.acr", acr::addAll);
        r.duration("jwt.max-age", d -> maxAge[0] = d);
        builder.stepUp(new StepUpPath(name, paths, new java.util.LinkedHashSet<>(acr), Optional.ofNullable(maxAge[0])));
    }

    private static void apply(ParamReader r, JwtConfigBuilder b) {
        applyIssuer(r, b);
        r.string(KEYS_ATTRIBUTE, name -> {
            throw new IllegalArgumentException(
                    "only the servlet filter and the mechanism can read a context attribute");
        });
        r.string(REALM, b::realm);
        r.bool(PROBLEM_DETAILS, b::problemDetails);
        r.integer(MAX_TOKEN_SIZE, b::maxTokenBytes);
        r.string(COOKIE, b::cookieName);
        MicroProfileKeys.apply(r, b);
        r.bool(COOKIE_CSRF, b::cookieCsrf);
        r.string(COOKIE_CSRF_HEADER, b::csrfHeaderName);
        r.string(COOKIE_CSRF_COOKIE, b::csrfCookieName);
        r.bool(QUERY_PARAMETER, b::queryParameterAllowed);
        r.list(PUBLIC_PATHS, b::publicPaths);
        r.string(MODE, mode -> b.mode(r.enumValue(MODE, mode, AuthenticationMode.class)));
        r.bool(ANNOTATIONS, b::annotationsEnforced);
        r.list(
                FIREWALL_ALLOW,
                names -> b.firewallAllow(
                        names.stream().map(FirewallRule::fromWireName).toList()));
        r.bool(CACHE_ENABLED, b::cacheEnabled);
        r.integer(CACHE_MAX_ENTRIES, b::cacheMaxEntries);
        applyRevocation(r, b);
        applyDPoP(r, b);
        r.bool(RESOURCE_METADATA, b::resourceMetadata);
        r.uri(RESOURCE, b::resource);
        r.string(RESOURCE_NAME, b::resourceName);
        r.uri(RESOURCE_DOCUMENTATION, b::resourceDocumentation);
        r.list(RESOURCE_SCOPES, b::resourceScopes);
        r.list(EVENTS_LISTENER, names -> ListenerClasses.instantiate(names).forEach(b::eventListener));
        r.bool(EVENTS_LOG, b::eventLogging);
    }

    private static void applyRevocation(ParamReader r, JwtConfigBuilder b) {
        r.string(REVOCATION_ATTRIBUTE, name -> {
            throw new IllegalArgumentException(
                    "only the servlet filter and the mechanism can read a context attribute");
        });
        r.duration(REVOCATION_CACHE_TTL, b::revocationCacheTtl);
        r.bool(REVOCATION_REQUIRE_JTI, b::revocationJtiRequired);
    }

    private static void applyDPoP(ParamReader r, JwtConfigBuilder b) {
        r.list(
                DPOP_ALGORITHMS,
                names ->
                        b.dpopAlgorithms(names.stream().map(JWSAlgorithm::parse).toList()));
        r.duration(DPOP_PROOF_MAX_AGE, b::dpopProofMaxAge);
        r.bool(DPOP_NONCE, b::dpopNonces);
        r.string(DPOP_NONCE_SECRET, b::dpopNonceSecret);
        r.duration(DPOP_NONCE_LIFETIME, b::dpopNonceLifetime);
        r.string(DPOP_REPLAY_CACHE_ATTRIBUTE, name -> {
            throw new IllegalArgumentException(
                    "only the servlet filter and the mechanism can read a context attribute");
        });
        r.uri(DPOP_EXTERNAL_URL, b::dpopExternalUrl);
        r.bool(DPOP_FORWARDED_HEADERS, b::dpopForwardedHeaders);
    }

    /** The settings one issuer may have of its own ({@link JwtConfigParams#ISSUER_ENTRY_PARAMS}). */
    private static void applyIssuer(ParamReader r, JwtConfigBuilder b) {
        r.string(ISSUER, b::issuer);
        r.list(AUDIENCES, b::audiences);
        r.string(HMAC_SECRET, b::hmacSecret);
        r.string(PUBLIC_KEY, text -> keyText(b, text));
        r.string(PUBLIC_KEY_FILE, file -> r.file(PUBLIC_KEY_FILE, file, text -> keyText(b, text)));
        r.uri(JWKS_URI, b::jwksUri);
        r.bool(OIDC_DISCOVERY, discover -> {
            if (discover) {
                b.discoverKeysFromIssuer();
            }
        });
        r.string(JWKS_FALLBACK_FILE, file -> r.file(JWKS_FALLBACK_FILE, file, b::jwksFallback));
        applyJwksOptions(r, b);
        r.list(
                ALGORITHMS,
                names -> b.algorithms(names.stream().map(JWSAlgorithm::parse).toList()));
        r.duration(CLOCK_SKEW, b::clockSkew);
        r.duration(MAX_TOKEN_AGE, b::maxTokenAge);
        r.list(TYPES, b::acceptedTypes);
        r.bool(TYPE_REQUIRED, b::typeRequired);
        r.string(PROFILE, name -> b.profile(r.enumValue(PROFILE, name, JwtProfile.class)));
        r.list(REQUIRED_CLAIMS, b::requiredClaims);
        r.list(PRINCIPAL_CLAIMS, b::principalClaims);
        r.string(ROLES_CLAIM, b::rolesClaim);
        r.string(ROLE_PREFIX, b::rolePrefix);
        r.string(NAME_PREFIX, b::namePrefix);
        r.string(DPOP, name -> b.dpop(DPoPPolicy.fromWireName(name)));
    }

    private static void applyJwksOptions(ParamReader r, JwtConfigBuilder b) {
        JwksOptions[] options = {b.jwksOptions()};
        r.duration(JWKS_CACHE_TTL, d -> options[0] = options[0].withCacheTtl(d));
        r.duration(JWKS_REFRESH_TIMEOUT, d -> options[0] = options[0].withRefreshTimeout(d));
        r.duration(JWKS_REFRESH_AHEAD, d -> options[0] = options[0].withRefreshAhead(d));
        r.duration(JWKS_RATE_LIMIT, d -> options[0] = options[0].withRateLimit(d));
        r.duration(JWKS_OUTAGE_TOLERANCE, d -> options[0] = options[0].withOutageTolerance(d));
        r.duration(JWKS_CONNECT_TIMEOUT, d -> options[0] = options[0].withConnectTimeout(d));
        r.duration(JWKS_READ_TIMEOUT, d -> options[0] = options[0].withReadTimeout(d));
        b.jwksOptions(options[0]);
    }

    /** PEM, a JWK or JWK set, or a base64url-encoded JWK or JWK set: MicroProfile JWT 2.1's public key formats. */
    static void keyText(JwtConfigBuilder b, String text) {
        String json = KeyTexts.json(text);
        if (json == null) {
            b.publicKeyPem(text);
        } else {
            b.jwkSet(json);
        }
    }

    static String readFile(String location) throws IOException {
        Path path = location.regionMatches(true, 0, "file:", 0, 5) ? Path.of(URI.create(location)) : Path.of(location);
        return Files.readString(path);
    }
}
