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
import java.util.List;
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

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("ee-1").generate();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.toPublicKey().getEncoded())
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
        properties.setProperty("configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address",
                "127.0.0.1");
        runtime = GlassFishRuntime.bootstrap();
        glassfish = runtime.newGlassFish(properties);
        glassfish.start();
        String deployed = glassfish.getDeployer().deploy(war.toFile(), "--contextroot=ee", "--name=ee");
        assertThat(deployed).as("GlassFish returns null when a deployment fails").isEqualTo("ee");
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
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(user).claim("upn", user)
                .claim("groups", groups).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static HttpResponse<String> get(String path, String... authorization) throws Exception {
        return Http.get(base.resolve(path), authorization);
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
        assertThat(get("api/orders/1/x", Http.bearer(token("alice", List.of("user")))).body())
                .isEqualTo("order-resource-ran id=1");

        for (String shape : List.of("/ee/api/orders/1/../../health", "/ee/api/orders/1/%2e%2e/%2E%2E/health",
                "/ee/api/orders/1/..;/..;/health")) {
            String answer = Http.rawGet(base, shape);
            assertThat(answer).as(shape).startsWith("HTTP/1.1 400").doesNotContain("order-resource-ran");
        }
        assertThat(Http.rawGet(base, "/ee/api/orders/1/../../health"))
                .contains("{\"error\":\"invalid_request\",\"error_description\":\"Request path not accepted\"}");
    }
}
