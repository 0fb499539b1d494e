package dev.jwtfilter.config;

import static dev.jwtfilter.TestConfigs.own;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jose.JWSAlgorithm;
import dev.jwtfilter.DocumentServer;
import dev.jwtfilter.LogCapture;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.verify.JwtVerificationException;
import dev.jwtfilter.verify.NimbusTokenVerifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The MicroProfile JWT 2.1 names keep MicroProfile's meaning (README: MicroProfile JWT keys). */
class MicroProfileKeysTest {
    private static final String STORE_PASSWORD = "test-store-password";
    private final JwtConfigParser parser =
            new JwtConfigParser(Map.<String, String>of()::get, Map.<String, String>of()::get);

    private static Map<String, String> mp(String... more) {
        Map<String, String> params = new HashMap<>(
                Map.of("mp.jwt.verify.issuer", TestTokens.ISSUER, "mp.jwt.verify.audiences", TestTokens.AUDIENCE));
        for (int i = 0; i < more.length; i += 2) {
            params.put(more[i], more[i + 1]);
        }
        return params;
    }

    private static Map<String, String> withKey(String... more) {
        Map<String, String> params = mp(more);
        params.put("mp.jwt.verify.publickey", TestKeys.rsaPem());
        return params;
    }

    private JwtConfig parse(Map<String, String> params) {
        return parser.parse(params, JwtConfig.builder().clock(TestTokens.CLOCK));
    }

    private List<String> problems(Map<String, String> params) {
        return ((InvalidJwtConfigException) catchThrowable(() -> parse(params))).problems();
    }

    /** @return the subject of a token signed by the key, verified under the configuration */
    private static String verifiedSubject(JwtConfig config, com.nimbusds.jose.jwk.JWK key) throws Exception {
        return new NimbusTokenVerifier(own(config))
                .verify(TestTokens.sign(
                        key, JWSAlgorithm.RS256, TestTokens.claims().build()))
                .subject()
                .orElseThrow();
    }

    private static JwtVerificationException.Failure failureOf(JwtConfig config, com.nimbusds.jose.jwk.JWK key) {
        Throwable thrown = catchThrowable(() -> verifiedSubject(config, key));
        assertThat(thrown).isInstanceOf(JwtVerificationException.class);
        return ((JwtVerificationException) thrown).failure();
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parseWhenTokenCookieWithoutHeaderThenCookieIgnoredWithWarning() {
        try (LogCapture log = new LogCapture("dev.jwtfilter.config.MicroProfileKeys")) {
            JwtConfig config = parse(withKey("mp.jwt.token.cookie", "at"));

            assertThat(config.cookieName()).isEmpty();
            assertThat(log.lines()).singleElement().asString().contains("mp.jwt.token.cookie is ignored");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "authorization"})
    void parseWhenTokenHeaderAuthorizationThenCookieIgnored(String header) {
        assertThat(parse(withKey("mp.jwt.token.header", header, "mp.jwt.token.cookie", "at"))
                        .cookieName())
                .isEmpty();
    }

    @Test
    void parseWhenTokenHeaderCookieWithoutNameThenCookieNamedBearer() {
        JwtConfig config = parse(withKey("mp.jwt.token.header", "Cookie"));

        assertThat(config.cookieName()).contains("Bearer");
        assertThat(config.cookieCsrf()).isTrue();
    }

    @Test
    void parseWhenTokenHeaderCookieWithNameThenThatCookieRead() {
        assertThat(parse(withKey("mp.jwt.token.header", "Cookie", "mp.jwt.token.cookie", "__Host-at"))
                        .cookieName())
                .contains("__Host-at");
    }

    @Test
    void parseWhenTokenHeaderCookieAndOurCookieKeyThenOursNamesIt() {
        assertThat(parse(withKey("mp.jwt.token.header", "Cookie", "jwt.cookie", "__Host-at"))
                        .cookieName())
                .contains("__Host-at");
        assertThat(parse(withKey("jwt.cookie", "__Host-at")).cookieName()).contains("__Host-at");
    }

    @Test
    void parseWhenCookieNamedByBothKeysThenStartupFails() {
        assertThat(problems(withKey("mp.jwt.token.header", "Cookie", "jwt.cookie", "a", "mp.jwt.token.cookie", "b")))
                .containsExactly("Parameter 'mp.jwt.token.header': the cookie is named twice, by jwt.cookie and "
                        + "mp.jwt.token.cookie; keep one");
    }

    @Test
    void parseWhenTokenHeaderOtherThanAuthorizationOrCookieThenStartupFails() {
        assertThat(problems(withKey("mp.jwt.token.header", "X-Token")))
                .containsExactly(
                        "Parameter 'mp.jwt.token.header': 'X-Token' is not supported; use Authorization (the default) or Cookie");
    }

    @Test
    void parseWhenDecryptionKeysGivenThenStartupFailsAsUnsupported() {
        assertThat(problems(withKey(
                        "mp.jwt.decrypt.key.location", "private.pem", "mp.jwt.decrypt.key.algorithm", "RSA-OAEP")))
                .containsExactlyInAnyOrder(
                        "Parameter 'mp.jwt.decrypt.key.location' is not supported: encrypted tokens (JWE) are not supported, only signed ones (JWS)",
                        "Parameter 'mp.jwt.decrypt.key.algorithm' is not supported: encrypted tokens (JWE) are not supported, only signed ones (JWS)");
    }

    @Test
    void parseWhenPublicKeyInEachMicroProfileFormatThenTokensVerify() throws Exception {
        String jwk = TestKeys.RSA.toPublicJWK().toJSONString();
        String jwks = TestKeys.publicJwks(TestKeys.RSA);
        for (String value : List.of(
                TestKeys.rsaPem(),
                jwk,
                jwks,
                base64Url(jwk),
                base64Url(jwks),
                Base64.getUrlEncoder().encodeToString((jwk + "\n").getBytes(StandardCharsets.UTF_8)))) {
            JwtConfig config = parse(mp("mp.jwt.verify.publickey", value));

            assertThat(verifiedSubject(config, TestKeys.RSA)).isEqualTo("alice");
        }
    }

    @Test
    void parseWhenPublicKeyNeitherPemNorJwkThenStartupFailsWithoutEchoingIt() {
        String garbage = base64Url("not a key at all");

        assertThat(problems(mp("mp.jwt.verify.publickey", garbage)))
                .singleElement()
                .asString()
                .startsWith("PEM public key: ")
                .doesNotContain(garbage);
        assertThat(problems(mp("mp.jwt.verify.publickey", base64Url("{\"kty\":\"RSA\"}"))))
                .singleElement()
                .asString()
                .startsWith("JWK set: ");
    }

    @Test
    void parseWhenLocationIsPathOrFileUrlThenKeyRead(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(
                dir.resolve("key.jwk"), base64Url(TestKeys.RSA.toPublicJWK().toJSONString()));

        assertThat(verifiedSubject(parse(mp("mp.jwt.verify.publickey.location", file.toString())), TestKeys.RSA))
                .isEqualTo("alice");
        assertThat(verifiedSubject(
                        parse(mp(
                                "mp.jwt.verify.publickey.location", file.toUri().toString())),
                        TestKeys.RSA))
                .isEqualTo("alice");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"classpath:keys/orange.pem", "keys/orange.pem", "/keys/orange.pem", "classpath:/keys/orange.pem"
            })
    void parseWhenLocationIsClassPathResourceThenReadThroughContextClassLoader(String location, @TempDir Path dir)
            throws Exception {
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/orange.pem"), TestKeys.rsaPem());

        JwtConfig config = withContextClassLoader(dir, () -> parse(mp("mp.jwt.verify.publickey.location", location)));

        assertThat(verifiedSubject(config, TestKeys.RSA)).isEqualTo("alice");
        assertThat(problems(mp("mp.jwt.verify.publickey.location", location)))
                .singleElement()
                .asString()
                .isEqualTo(
                        "Parameter 'mp.jwt.verify.publickey.location': no file and no class-path resource " + location);
    }

    private static <T> T withContextClassLoader(Path root, Callable<T> action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader webApp = new URLClassLoader(new URL[] {root.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(webApp);
            return action.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void parseWhenLocationUrlServesPemOrEncodedJwkThenFetchedOnceAtStartup() throws Exception {
        try (DocumentServer server = new DocumentServer()) {
            server.put("/key.pem", TestKeys.rsaPem());
            server.put("/key.jwk", base64Url(TestKeys.RSA.toPublicJWK().toJSONString()));

            for (String path : List.of("/key.pem", "/key.jwk")) {
                JwtConfig config = parse(mp("mp.jwt.verify.publickey.location", server.base() + path));
                assertThat(server.requests(path)).isEqualTo(1);
                server.setDown(true);
                assertThat(verifiedSubject(config, TestKeys.RSA)).isEqualTo("alice");
                server.setDown(false);
                assertThat(server.requests(path)).isEqualTo(1);
            }
        }
    }

    @Test
    void parseWhenLocationIsHttpsUrlThenFetchedOverVerifiedTls(@TempDir Path dir) throws Exception {
        Path keyStore = selfSignedKeyStore(dir);
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keyStore.toString());
        tls.setKeyStorePassword(STORE_PASSWORD);
        try (DocumentServer server = new DocumentServer(tls)) {
            server.put("/key.pem", TestKeys.rsaPem());
            Map<String, String> params = mp("mp.jwt.verify.publickey.location", server.base() + "/key.pem");

            // Untrusted certificate: nothing fetched, so the URL is taken for a JWKS endpoint that has no key yet.
            assertThat(failureOf(parse(params), TestKeys.RSA))
                    .isEqualTo(JwtVerificationException.Failure.KEYS_UNAVAILABLE);
            int untrustedRequests = server.requests("/key.pem");
            JwtConfig config = trusting(keyStore, () -> parse(params));

            assertThat(verifiedSubject(config, TestKeys.RSA)).isEqualTo("alice");
            assertThat(server.requests("/key.pem")).isEqualTo(untrustedRequests + 1);
        }
    }

    /** A real self-signed certificate for localhost, made by the JDK's keytool. */
    private static Path selfSignedKeyStore(Path dir) throws Exception {
        Path store = dir.resolve("tls.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "tls",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        STORE_PASSWORD)
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        return store;
    }

    /** Runs the action while https connections trust the key store's certificate (as a JVM trust store would). */
    private static <T> T trusting(Path keyStore, Callable<T> action) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keyStore)) {
            trusted.load(in, STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        SSLSocketFactory previous = HttpsURLConnection.getDefaultSSLSocketFactory();
        HttpsURLConnection.setDefaultSSLSocketFactory(context.getSocketFactory());
        try {
            return action.call();
        } finally {
            HttpsURLConnection.setDefaultSSLSocketFactory(previous);
        }
    }

    @Test
    void parseWhenLocationUrlServesJwkSetThenUsedAsJwksEndpointThatFollowsRotation() throws Exception {
        try (DocumentServer server = new DocumentServer()) {
            server.put("/jwks", TestKeys.publicJwks(TestKeys.RSA));

            JwtConfig config = parse(mp("mp.jwt.verify.publickey.location", server.base() + "/jwks"));
            assertThat(verifiedSubject(config, TestKeys.RSA)).isEqualTo("alice");
            server.put("/jwks", TestKeys.publicJwks(TestKeys.RSA_SECOND));

            assertThat(verifiedSubject(config, TestKeys.RSA_SECOND)).isEqualTo("alice");
            assertThat(own(config).keys().matchKeyIds()).isTrue();
        }
    }

    /** Keycloak's certs endpoint serves an encryption key beside its signing keys: skipped, as in a JWKS. */
    @Test
    void parseWhenLocationUrlServesJwkSetWithAnEncryptionKeyThenStartsAndTheSigningKeyVerifies() throws Exception {
        var encryption = new com.nimbusds.jose.jwk.RSAKey.Builder(TestKeys.RSA_SECOND.toRSAPublicKey())
                .keyID("enc-1")
                .keyUse(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION)
                .build();
        try (DocumentServer server = new DocumentServer()) {
            server.put("/certs", TestKeys.publicJwks(TestKeys.RSA, encryption));

            JwtConfig config = parse(mp("mp.jwt.verify.publickey.location", server.base() + "/certs"));

            assertThat(verifiedSubject(config, TestKeys.RSA)).isEqualTo("alice");
        }
    }

    @Test
    void parseWhenLocationUrlServesJwkSetWithoutKeyForTheAlgorithmsThenTokensRefusedAsWithAJwksUri() throws Exception {
        try (DocumentServer server = new DocumentServer()) {
            server.put("/jwks", TestKeys.publicJwks(TestKeys.EC));

            assertThat(failureOf(parse(mp("mp.jwt.verify.publickey.location", server.base() + "/jwks")), TestKeys.RSA))
                    .isEqualTo(JwtVerificationException.Failure.INVALID);
            assertThat(own(parse(mp(
                                    "mp.jwt.verify.publickey.location",
                                    server.base() + "/jwks",
                                    "mp.jwt.verify.publickey.algorithm",
                                    "ES256")))
                            .algorithms())
                    .containsExactly(JWSAlgorithm.ES256);
        }
    }

    /** A key server down at deploy time is an outage (503 until it answers), not an application that never starts. */
    @Test
    void parseWhenLocationUrlCannotBeFetchedThenStartsAndTokensGet503UntilItServesAJwkSet() throws Exception {
        try (DocumentServer server = new DocumentServer()) {
            JwtConfig config = parse(
                    mp("mp.jwt.verify.publickey.location", server.base() + "/certs", "jwt.jwks.rate-limit", "1s"));
            assertThat(failureOf(config, TestKeys.RSA)).isEqualTo(JwtVerificationException.Failure.KEYS_UNAVAILABLE);

            server.put("/certs", TestKeys.publicJwks(TestKeys.RSA));

            assertThat(verifiedSubjectWithin(config, TestKeys.RSA)).isEqualTo("alice");
        }
    }

    /** The JWKS refetch is rate limited: poll a while for the first set served. */
    private static String verifiedSubjectWithin(JwtConfig config, com.nimbusds.jose.jwk.JWK key) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return verifiedSubject(config, key);
            } catch (JwtVerificationException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    @Test
    void parseWhenLocationIsInsecureThenStartupFails() {
        assertThat(problems(mp("mp.jwt.verify.publickey.location", "http://keys.example/key.pem")))
                .singleElement()
                .asString()
                .contains("must use https");
    }

    @Test
    void parseWhenLocationHasAnotherSchemeThenStartupFails() {
        assertThat(problems(mp("mp.jwt.verify.publickey.location", "ftp://keys.example/key.pem")))
                .containsExactly(
                        "Parameter 'mp.jwt.verify.publickey.location': the ftp: scheme is not supported; use a path, "
                                + "a class-path resource, or a classpath:, file: or https: URL");
    }

    @Test
    void parseWhenPublicKeyAndLocationBothGivenThenStartupFails(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("key.pem"), TestKeys.rsaPem());

        assertThat(problems(withKey("mp.jwt.verify.publickey.location", file.toString())))
                .singleElement()
                .asString()
                .startsWith("More than one key source configured");
    }
}
