package dev.jwtfilter.it.glassfish;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jwtfilter.it.support.Http;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.glassfish.embeddable.GlassFish;
import org.glassfish.embeddable.GlassFishProperties;
import org.glassfish.embeddable.GlassFishRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Jakarta Security mechanism on a real Jakarta EE 10 server: embedded GlassFish 7.0.25 boots in this
 * JVM, deploys a test WAR that enables the mechanism with one subclass, and is asked over HTTP.
 */
class MechanismOnGlassFishIT {
    private static final String ISSUER = "https://issuer.example";
    private static final String AUDIENCE = "ee-api";
    private static final String CHALLENGE = "Bearer realm=\"jwt\"";
    private static RSAKey key;
    private static GlassFishRuntime runtime;
    private static GlassFish glassfish;
    private static URI base;
    private static String pem;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("ee-1").generate();
        pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(key.toPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----";
        Path dir = Files.createTempDirectory("it-glassfish");
        // The audience comes from the environment (failsafe sets IT_EE_AUDIENCE): README's reference form passes
        // through GlassFish's descriptor reading untouched; the default would refuse every token.
        Path war = EeAppWar.build(dir.resolve("ee-app.war"), ISSUER, "${IT_EE_AUDIENCE:orders-api}", pem);
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        GlassFishProperties properties = new GlassFishProperties();
        properties.setPort("http-listener", port);
        properties.setProperty(
                "configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address",
                "127.0.0.1");
        runtime = GlassFishRuntime.bootstrap();
        glassfish = runtime.newGlassFish(properties);
        glassfish.start();
        String deployed = glassfish.getDeployer().deploy(war.toFile(), "--contextroot=ee", "--name=ee");
        assertThat(deployed)
                .as("GlassFish returns null when a deployment fails")
                .isEqualTo("ee");
        base = URI.create("http://127.0.0.1:" + port + "/ee/");
    }

    @AfterAll
    static void stop() throws Exception {
        if (glassfish != null) {
            glassfish.stop();
            glassfish.dispose();
        }
        if (runtime != null) {
            runtime.shutdown();
        }
    }

    private static String token(String user, List<String> groups) throws Exception {
        return token(user, groups, Map.of());
    }

    private static String token(String user, List<String> groups, Map<String, Object> more) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        more.forEach(builder::claim);
        JWTClaimsSet claims = builder.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(user)
                .claim("upn", user)
                .claim("groups", groups)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static HttpResponse<String> get(String path, String... authorization) throws Exception {
        return Http.get(base.resolve(path), authorization);
    }

    private static Map<String, String> goodParams() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("jwt.issuer", ISSUER);
        params.put("jwt.audiences", AUDIENCE);
        params.put("jwt.public-key", pem);
        return params;
    }

    /** Deploys; GlassFish's embedded deployer answers null instead of throwing when a deployment fails. */
    private static String deploy(Map<String, String> params, String name) throws Exception {
        Path war = EeAppWar.build(Files.createTempDirectory("it-glassfish").resolve(name + ".war"), params);
        return glassfish.getDeployer().deploy(war.toFile(), "--contextroot=" + name, "--name=" + name);
    }

    /** Collects the server's log records (every one reaches the root logger) until closed. */
    private static final class Captured extends Handler implements AutoCloseable {
        private final List<LogRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        /** Starts collecting. */
        static Captured start() {
            Captured log = new Captured();
            Logger.getLogger("").addHandler(log);
            return log;
        }

        @Override
        public void close() {
            Logger.getLogger("").removeHandler(this);
        }

        List<String> lines() {
            return records.stream()
                    .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + new SimpleFormatter().formatMessage(r)
                            + (r.getThrown() == null ? "" : " [" + r.getThrown() + "]"))
                    .toList();
        }
    }

    @Test
    void startupWhenTheApplicationStartsThenTheMechanismPublishesTheFiltersAttributesBeforeAnyRequest()
            throws Exception {
        // StartupReport read the attributes when it was loaded on start-up, before any request reached the mechanism.
        assertThat(get("startup").body()).isEqualTo("config=true counters=true listener=true");
    }

    @Test
    void deployWhenTheConfigurationNamesAContextAttributeThenItDeploysAndStartsOnTheFirstRequest() throws Exception {
        Map<String, String> lazy = goodParams();
        lazy.put("jwt.revocation.attribute", "it.revoked"); // an application listener would set it; none does here
        try (Captured log = Captured.start()) {
            assertThat(deploy(lazy, "ee-lazy"))
                    .as("the attribute may be set later: no failure at start-up")
                    .isEqualTo("ee-lazy");
            assertThat(log.lines()).noneMatch(line -> line.contains("JWT authentication"));

            // Jakarta Security asks the mechanism on every request, so even the unprotected servlet is refused.
            HttpResponse<String> first =
                    Http.get(base.resolve("/ee-lazy/api/caller"), Http.bearer(token("alice", List.of("user"))));
            HttpResponse<String> unprotected = Http.get(base.resolve("/ee-lazy/startup"));

            assertThat(first.statusCode()).isEqualTo(500);
            assertThat(first.body()).contains("\"error\":\"server_error\"");
            assertThat(unprotected.statusCode()).isEqualTo(500);
            assertThat(log.lines())
                    .filteredOn(line -> line.contains("JWT authentication (Jakarta Security mechanism) not started"))
                    .singleElement()
                    .asString()
                    .contains("'it.revoked' holds no RevocationList");
        } finally {
            glassfish.getDeployer().undeploy("ee-lazy");
        }
    }

    @Test
    void deployWhenTheMechanismsConfigurationCannotWorkThenTheDeploymentFailsNamingTheProblemAndTheServerStaysUsable()
            throws Exception {
        Map<String, String> bad = goodParams();
        bad.put("jwt.clock-skew", "1500ms");
        Captured log = Captured.start();
        String deployed;
        try (log) {
            deployed = deploy(bad, "ee-bad");
        }
        log.lines().forEach(line -> System.out.println("[ee-bad deployment] " + line));

        assertThat(deployed).as("the deployment fails").isNull();
        assertThat(glassfish.getDeployer().getDeployedApplications()).doesNotContain("ee-bad");
        assertThat(Http.get(base.resolve("/ee-bad/startup")).statusCode()).isEqualTo(404);
        assertThat(log.lines())
                .anySatisfy(line -> assertThat(line)
                        .contains("JWT authentication (Jakarta Security mechanism) not started")
                        .contains("jwt.clock-skew must be whole seconds (got 1500 ms)"));
        assertThat(log.lines())
                .noneMatch(line -> line.contains(pem.lines().skip(1).findFirst().orElseThrow()));

        assertThat(deploy(goodParams(), "ee-after"))
                .as("a good application deploys after the failed one")
                .isEqualTo("ee-after");
        try {
            assertThat(Http.get(base.resolve("/ee-after/startup")).body())
                    .isEqualTo("config=true counters=true listener=true");
            assertThat(Http.get(base.resolve("/ee-after/api/caller"), Http.bearer(token("alice", List.of("user"))))
                            .body())
                    .startsWith("name=alice user=true");
        } finally {
            glassfish.getDeployer().undeploy("ee-after");
        }
    }

    @Test
    void resourceMetadataWhenOnThenTheMechanismServesItWithoutTokenAndNamesItIn401() throws Exception {
        Map<String, String> params = goodParams();
        params.put("jwt.resource-metadata", "true");
        params.put("jwt.resource", "https://api.example.com");
        params.put("jwt.resource.name", "EE API");
        try {
            assertThat(deploy(params, "ee-meta")).isEqualTo("ee-meta");

            HttpResponse<String> metadata = Http.get(base.resolve("/ee-meta/.well-known/oauth-protected-resource"));
            HttpResponse<String> anonymous = Http.get(base.resolve("/ee-meta/api/admin"));

            assertThat(metadata.statusCode()).isEqualTo(200);
            assertThat(metadata.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(metadata.body())
                    .startsWith("{\"resource\":\"https://api.example.com\"")
                    .contains("\"authorization_servers\":[\"" + ISSUER + "\"]", "\"resource_name\":\"EE API\"");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                    .contains("Bearer realm=\"jwt\", resource_metadata="
                            + "\"https://api.example.com/.well-known/oauth-protected-resource\"");
        } finally {
            glassfish.getDeployer().undeploy("ee-meta");
        }
    }

    @Test
    void problemDetailsWhenOnThenTheMechanismsRefusalsAreProblemJsonKeepingTheRfc6750Members() throws Exception {
        Map<String, String> params = goodParams();
        params.put("jwt.problem-details", "true");
        try {
            assertThat(deploy(params, "ee-problem")).isEqualTo("ee-problem");

            HttpResponse<String> anonymous = Http.get(base.resolve("/ee-problem/api/admin"));
            HttpResponse<String> invalid = Http.get(
                    base.resolve("/ee-problem/api/caller"), Http.bearer(token("alice", List.of("user")) + "x"));

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains(CHALLENGE);
            assertThat(anonymous.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(anonymous.body())
                    .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                            + "\"detail\":\"Authentication required\",\"error\":\"unauthorized\","
                            + "\"error_description\":\"Authentication required\"}");
            assertThat(invalid.statusCode()).isEqualTo(401);
            assertThat(invalid.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(invalid.body())
                    .contains("\"status\":401", "\"error\":\"invalid_token\"", "\"detail\":\"Invalid token\"");
        } finally {
            glassfish.getDeployer().undeploy("ee-problem");
        }
    }

    @Test
    void stepUpWhenTheLoginIsTooOldOrTooWeakThen401InsufficientUserAuthenticationOnRestAndServlet() throws Exception {
        long now = Instant.now().getEpochSecond();
        String stale = Http.bearer(token("alice", List.of("user"), Map.of("auth_time", now - 600, "acr", "pwd")));
        String fresh = Http.bearer(token("alice", List.of("user"), Map.of("auth_time", now, "acr", "mfa")));
        String problem = "Bearer realm=\"jwt\", error=\"insufficient_user_authentication\", error_description=\"A"
                + " stronger or more recent authentication is required\", ";

        HttpResponse<String> staleRest = get("api/fresh", stale);
        HttpResponse<String> weakServlet = get("mfa", stale);
        HttpResponse<String> anonymousServlet = get("mfa");

        assertThat(staleRest.statusCode()).isEqualTo(401);
        assertThat(staleRest.headers().firstValue("WWW-Authenticate")).contains(problem + "max_age=\"300\"");
        assertThat(staleRest.body()).contains("\"error\":\"insufficient_user_authentication\"");
        assertThat(weakServlet.statusCode()).isEqualTo(401);
        assertThat(weakServlet.headers().firstValue("WWW-Authenticate")).contains(problem + "acr_values=\"mfa\"");
        assertThat(anonymousServlet.statusCode()).isEqualTo(401);
        assertThat(anonymousServlet.headers().firstValue("WWW-Authenticate")).contains(CHALLENGE);
        assertThat(get("api/fresh", fresh).body()).isEqualTo("fresh");
        assertThat(get("mfa", fresh).body()).isEqualTo("mfa:alice");
    }

    @Test
    void restResourceWhenRolesAllowedThen401_403_200() throws Exception {
        HttpResponse<String> anonymous = get("api/admin");
        HttpResponse<String> alice = get("api/admin", Http.bearer(token("alice", List.of("user"))));
        HttpResponse<String> admin = get("api/admin", Http.bearer(token("root", List.of("user", "admin"))));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains(CHALLENGE);
        assertThat(alice.statusCode()).isEqualTo(403);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).isEqualTo("admin area");
    }

    @Test
    void securityContextWhenTokenValidThenCallerPrincipalAndRolesComeFromIt() throws Exception {
        HttpResponse<String> response = get("api/caller", Http.bearer(token("alice", List.of("user"))));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("name=alice user=true admin=false jwtPrincipals=1");
        assertThat(response.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
    }

    @Test
    void invalidTokenWhenSentThen401WithTheFiltersChallengeAndBody() throws Exception {
        HttpResponse<String> response = get("api/caller", Http.bearer(token("alice", List.of("user")) + "x"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .contains(CHALLENGE + ", error=\"invalid_token\", error_description=\"Invalid token\"");
        assertThat(response.body()).isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"Invalid token\"}");
    }

    @Test
    void servletWhenServletSecurityConstraintThen401_403_200() throws Exception {
        HttpResponse<String> anonymous = get("secure");
        HttpResponse<String> alice = get("secure", Http.bearer(token("alice", List.of("user"))));
        HttpResponse<String> admin = get("secure", Http.bearer(token("root", List.of("admin"))));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains(CHALLENGE);
        assertThat(alice.statusCode()).isEqualTo(403);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).isEqualTo("secure:root session=false");
        assertThat(admin.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
    }

    @Test
    void dotSegmentsWhenTheyResolveToAnUnprotectedPathThen400AndTheCatchAllNeverRuns() throws Exception {
        assertThat(get("api/health").body()).isEqualTo("healthy");
        assertThat(get("api/orders/1/x").statusCode()).isEqualTo(401);
        assertThat(get("api/orders/1/x", Http.bearer(token("alice", List.of("user"))))
                        .body())
                .isEqualTo("order-resource-ran id=1");

        for (String shape : List.of(
                "/ee/api/orders/1/../../health",
                "/ee/api/orders/1/%2e%2e/%2E%2E/health",
                "/ee/api/orders/1/..;/..;/health")) {
            String answer = Http.rawGet(base, shape);
            assertThat(answer).as(shape).startsWith("HTTP/1.1 400").doesNotContain("order-resource-ran");
        }
        assertThat(Http.rawGet(base, "/ee/api/orders/1/../../health"))
                .contains("{\"error\":\"invalid_request\",\"error_description\":\"Request path not accepted\"}");
    }
}
