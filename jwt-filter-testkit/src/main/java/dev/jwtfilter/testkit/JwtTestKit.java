package dev.jwtfilter.testkit;

import com.nimbusds.jose.JWSAlgorithm;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.config.JwtConfigBuilder;
import dev.jwtfilter.config.JwtConfigParams;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension for tests of applications protected by jwt-filter: an in-memory key pair (RSA 2048
 * for RS256, or P-256 for ES256) made once per kit, the configuration that trusts it, and a builder of
 * tokens with chosen claims, roles and lifetimes, including forgeries the filter must refuse. Nothing is
 * bypassed: tokens go through the real {@code JwtAuthenticator} or {@code JwtAuthenticationFilter} built
 * from {@link #config()} or {@link #servletContextParams()}. Register it in a static field, so the key is
 * made once per test class,
 * <pre>{@code @RegisterExtension static JwtTestKit jwt = JwtTestKit.rs256().issuer("https://test").audience("api");}</pre>
 * or annotate the class with {@link JwtTest}; either way a test method or constructor may declare a
 * {@code JwtTestKit} parameter to receive it. Configure it before the first token; after that it is
 * thread safe.
 */
public final class JwtTestKit implements ParameterResolver, BeforeAllCallback {
    /** The issuer unless set. */
    public static final String DEFAULT_ISSUER = "https://issuer.test";
    /** The audience unless set. */
    public static final String DEFAULT_AUDIENCE = "test-api";

    private static final String DEFAULT_ROLES_CLAIM = "groups";

    private final boolean fromAnnotation;
    private boolean annotationRead;
    private JWSAlgorithm algorithm;
    private String issuer = DEFAULT_ISSUER;
    private String audience = DEFAULT_AUDIENCE;
    private String rolesClaim = DEFAULT_ROLES_CLAIM;
    private Clock clock = Clock.systemUTC();
    private KitKeys keys;

    /** For {@link JwtTest} and {@code @ExtendWith}: RS256, configured from the class's {@link JwtTest} if present. */
    public JwtTestKit() {
        this(JWSAlgorithm.RS256, true);
    }

    private JwtTestKit(JWSAlgorithm algorithm, boolean fromAnnotation) {
        this.algorithm = algorithm;
        this.fromAnnotation = fromAnnotation;
    }

    /** @return a kit signing RS256 with an RSA 2048 key */
    public static JwtTestKit rs256() {
        return new JwtTestKit(JWSAlgorithm.RS256, false);
    }

    /** @return a kit signing ES256 with a P-256 key */
    public static JwtTestKit es256() {
        return new JwtTestKit(JWSAlgorithm.ES256, false);
    }

    /**
     * Sets the issuer of tokens and configuration (default {@value #DEFAULT_ISSUER}).
     *
     * @param value the {@code iss} of minted tokens and the one the configuration trusts
     * @return this kit
     */
    public JwtTestKit issuer(String value) {
        this.issuer = Objects.requireNonNull(value, "issuer");
        return this;
    }

    /**
     * Sets the audience of tokens and configuration (default {@value #DEFAULT_AUDIENCE}).
     *
     * @param value the {@code aud} of minted tokens and the one the configuration requires
     * @return this kit
     */
    public JwtTestKit audience(String value) {
        this.audience = Objects.requireNonNull(value, "audience");
        return this;
    }

    /**
     * Sets where {@link TokenBuilder#roles} puts roles and the configuration reads them (default {@code groups}).
     *
     * @param value the claim name, or a dotted path into nested objects
     * @return this kit
     */
    public JwtTestKit rolesClaim(String value) {
        this.rolesClaim = Objects.requireNonNull(value, "rolesClaim");
        return this;
    }

    /**
     * Sets the clock tokens are minted on and {@link #config()} checks against (default system UTC).
     *
     * @param value the clock
     * @return this kit
     */
    public JwtTestKit clock(Clock value) {
        this.clock = Objects.requireNonNull(value, "clock");
        return this;
    }

    /** @return the issuer */
    public String issuer() {
        return issuer;
    }

    /** @return the audience */
    public String audience() {
        return audience;
    }

    /** @return the JWS algorithm, {@code RS256} or {@code ES256} */
    public String algorithm() {
        return algorithm.getName();
    }

    /** @return the {@code kid} of the kit's key, carried by every token it signs */
    public String keyId() {
        return KitKeys.KEY_ID;
    }

    /** @return the public JWK set JSON, as a JWKS endpoint would serve it; the key declares its {@code alg} */
    public String jwkSetJson() {
        return keys().publicJwkSet();
    }

    /** @return the public key as a PEM {@code PUBLIC KEY} block, for {@code jwt.public-key} */
    public String publicKeyPem() {
        return keys().publicKeyPem();
    }

    /**
     * @return a new builder holding the issuer, audience, roles claim, clock and public JWK set: add your own
     *     settings (cookie, public paths, mode...) and build the real configuration
     */
    public JwtConfigBuilder config() {
        return JwtConfig.builder()
                .issuer(issuer)
                .audiences(audience)
                .jwkSet(jwkSetJson())
                .rolesClaim(rolesClaim)
                .clock(clock);
    }

    /**
     * @return a new mutable map of {@code jwt.*} parameters (issuer, audiences, PEM public key, algorithm,
     *     roles claim) to set as context-params or filter init-params of a real container; containers run on
     *     the system clock
     */
    public Map<String, String> servletContextParams() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(JwtConfigParams.ISSUER, issuer);
        params.put(JwtConfigParams.AUDIENCES, audience);
        params.put(JwtConfigParams.PUBLIC_KEY, publicKeyPem());
        params.put(JwtConfigParams.ALGORITHMS, algorithm.getName());
        params.put(JwtConfigParams.ROLES_CLAIM, rolesClaim);
        return params;
    }

    /** @return a builder of one token, valid for {@link #config()} until changed */
    public TokenBuilder token() {
        return new TokenBuilder(keys(), issuer, audience, rolesClaim, clock.instant());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == JwtTestKit.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        readAnnotation(extensionContext); // a constructor of a PER_CLASS test instance is called before beforeAll
        return this;
    }

    /** Applies the test class's {@link JwtTest} attributes to a kit that JUnit made from the annotation. */
    @Override
    public void beforeAll(ExtensionContext context) {
        readAnnotation(context);
    }

    private synchronized void readAnnotation(ExtensionContext context) {
        if (!fromAnnotation || annotationRead) {
            return;
        }
        annotationRead = true;
        for (Class<?> type = context.getRequiredTestClass(); type != null; type = type.getEnclosingClass()) {
            JwtTest settings = type.getAnnotation(JwtTest.class);
            if (settings != null) {
                apply(settings);
                return;
            }
        }
    }

    private void apply(JwtTest settings) {
        JWSAlgorithm wanted = JWSAlgorithm.parse(settings.algorithm());
        if (!JWSAlgorithm.RS256.equals(wanted) && !JWSAlgorithm.ES256.equals(wanted)) {
            throw new IllegalArgumentException(
                    "@JwtTest algorithm must be RS256 or ES256, not " + settings.algorithm());
        }
        this.algorithm = wanted;
        issuer(settings.issuer()).audience(settings.audience()).rolesClaim(settings.rolesClaim());
    }

    private synchronized KitKeys keys() {
        if (keys == null) {
            keys = new KitKeys(algorithm);
        }
        return keys;
    }
}
