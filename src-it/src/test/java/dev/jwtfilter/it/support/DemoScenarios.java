package dev.jwtfilter.it.support;

import static dev.jwtfilter.it.support.DemoClient.access;
import static dev.jwtfilter.it.support.DemoClient.refreshToken;
import static dev.jwtfilter.it.support.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One scenario suite for the demo WAR, run unchanged against each container: a subclass deploys the WAR
 * file (once per class) and the tests talk HTTP to it as any client would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DemoScenarios {
    private static final String REALM = "Bearer realm=\"jwt-demo\"";
    private static final String DPOP_CHALLENGE = "DPoP realm=\"jwt-demo\", algs=\"ES256 RS256 PS256\"";
    /** What every 401 challenge of the demo adds (RFC 9728 section 5.1), under its default issuer. */
    private static final String RESOURCE_METADATA =
            ", resource_metadata=\"" + DemoKeys.ISSUER + "/.well-known/oauth-protected-resource\"";

    protected DemoKeys keys;
    private DemoClient demo;
    private AutoCloseable container;

    /**
     * Deploys the WAR with these context parameters on a free loopback port.
     *
     * @return the base URI, and what stops the container
     */
    protected abstract Deployment deploy(Path war, Map<String, String> contextParams) throws Exception;

    /** A running deployment. */
    public record Deployment(URI base, AutoCloseable container) {}

    @BeforeAll
    void start() throws Exception {
        Path data = Files.createTempDirectory("it-demo");
        keys = DemoKeys.create(data);
        // A whole core for password hashing: these tests log in back to back and are not about floods.
        Deployment deployment = deploy(
                DeployedWars.demo(),
                Map.of(
                        "JWT_DEMO_DATA",
                        data.toString(),
                        "JWT_SIGNING_KEY_FILE",
                        keys.file().toString(),
                        "JWT_LOGIN_HASH_CPU",
                        "1"));
        demo = new DemoClient(deployment.base());
        container = deployment.container();
    }

    @AfterAll
    void stop() throws Exception {
        if (container != null) {
            container.close();
        }
    }

    @Test
    void loginWhenJsonOrFormThenTokenResponse() throws Exception {
        HttpResponse<String> jsonLogin = demo.login("alice", "alice-demo-pass");
        HttpResponse<String> formLogin = demo.loginForm("admin", "admin-demo-pass");

        assertThat(jsonLogin.statusCode()).isEqualTo(200);
        assertThat(jsonLogin.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(json(jsonLogin)).containsEntry("token_type", "Bearer").containsEntry("expires_in", 900L);
        assertThat(formLogin.statusCode()).isEqualTo(200);
        assertThat(json(formLogin)).containsKeys("access_token", "refresh_token");
        assertThat(json(demo.login("alice", "wrong"))).containsEntry("error", "invalid_grant");
    }

    @Test
    void meWhenValidTokenThenPrincipal() throws Exception {
        HttpResponse<String> me = demo.get("/api/me", access(demo.tokens("alice", "alice-demo-pass")));

        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json(me)).containsEntry("name", "alice").containsEntry("roles", List.of("user"));
    }

    @Test
    void adminWhenAliceThen403AndWhenAdminThen200() throws Exception {
        HttpResponse<String> alice = demo.get("/api/admin", access(demo.tokens("alice", "alice-demo-pass")));
        String adminToken = access(demo.tokens("admin", "admin-demo-pass"));

        assertThat(alice.statusCode()).isEqualTo(403);
        assertThat(alice.headers().firstValue("WWW-Authenticate"))
                .contains(REALM + ", error=\"insufficient_scope\", error_description=\"Insufficient role\"");
        assertThat(demo.get("/api/admin", adminToken).statusCode()).isEqualTo(200);
        assertThat(demo.get("/admin/report", adminToken).statusCode()).isEqualTo(200);
        assertThat(demo.get("/admin/report", access(demo.tokens("alice", "alice-demo-pass")))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void apiWhenTokenMissingExpiredTamperedOrForeignThen401WithChallenge() throws Exception {
        Instant past = Instant.now().minusSeconds(3600);
        String expired = keys.sign(DemoKeys.claims()
                .issueTime(Date.from(past))
                .notBeforeTime(Date.from(past))
                .expirationTime(Date.from(past.plusSeconds(60)))
                .build());
        String wrongAudience =
                keys.sign(DemoKeys.claims().audience("another-api").build());
        String valid = keys.sign(DemoKeys.claims().build());
        String[] parts = valid.split("\\.");
        String tampered = parts[0] + "."
                + keys.sign(DemoKeys.claims().subject("admin").build()).split("\\.")[1] + "." + parts[2];

        HttpResponse<String> missing = demo.get("/api/me", null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().allValues("WWW-Authenticate"))
                .containsExactly(REALM + RESOURCE_METADATA, DPOP_CHALLENGE + RESOURCE_METADATA);
        HttpResponse<String> expiredResponse = demo.get("/api/me", expired);
        assertThat(expiredResponse.statusCode()).isEqualTo(401);
        assertThat(expiredResponse.headers().firstValue("WWW-Authenticate"))
                .contains(REALM + RESOURCE_METADATA
                        + ", error=\"invalid_token\", error_description=\"Token has expired\"");
        for (String bad : List.of(tampered, wrongAudience)) {
            HttpResponse<String> response = demo.get("/api/me", bad);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .contains(REALM + RESOURCE_METADATA
                            + ", error=\"invalid_token\", error_description=\"Invalid token\"");
        }
        assertThat(demo.get("/api/me", valid).statusCode()).isEqualTo(200);
    }

    @Test
    void discoveryWhenNoIssuerIsSetThenTheContainerDefaultNamesTheEndpointsAndTokensCarryIt() throws Exception {
        HttpResponse<String> server = demo.get("/.well-known/oauth-authorization-server", null);
        HttpResponse<String> resource = demo.get("/.well-known/oauth-protected-resource", null);

        assertThat(server.statusCode()).isEqualTo(200);
        assertThat(json(server))
                .containsEntry("issuer", DemoKeys.ISSUER)
                .containsEntry("token_endpoint", DemoKeys.ISSUER + "/auth/login")
                .containsEntry("grant_types_supported", List.of("password"));
        assertThat(json(resource)).containsEntry("authorization_servers", List.of(DemoKeys.ISSUER));
        assertThat(demo.get("/.well-known/openid-configuration", null).statusCode())
                .isEqualTo(404);
        String token = access(demo.tokens("alice", "alice-demo-pass"));
        assertThat(com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getIssuer())
                .isEqualTo(DemoKeys.ISSUER);
    }

    @Test
    void refreshWhenRotatedThenOldTokenReuseRevokesTheFamily() throws Exception {
        Map<String, Object> login = demo.tokens("alice", "alice-demo-pass");
        HttpResponse<String> rotated = demo.refresh(refreshToken(login));
        Map<String, Object> next = json(rotated);

        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(refreshToken(next)).isNotEqualTo(refreshToken(login));
        assertThat(demo.get("/api/me", access(next)).statusCode()).isEqualTo(200);
        assertThat(json(demo.refresh(refreshToken(login)))).containsEntry("error", "invalid_grant");
        assertThat(demo.refresh(refreshToken(next)).statusCode()).isEqualTo(400);
    }

    @Test
    void logoutWhenRefreshTokenThen204AndItNoLongerRefreshes() throws Exception {
        Map<String, Object> login = demo.tokens("admin", "admin-demo-pass");

        assertThat(demo.logout(refreshToken(login)).statusCode()).isEqualTo(204);
        assertThat(demo.refresh(refreshToken(login)).statusCode()).isEqualTo(400);
    }

    @Test
    void logoutWhenAccessTokenPresentedTooThenBothEndAtOnce() throws Exception {
        Map<String, Object> login = demo.tokens("alice", "alice-demo-pass");

        assertThat(demo.logout(refreshToken(login), access(login)).statusCode()).isEqualTo(204);

        assertThat(json(demo.get("/api/me", access(login)))).containsEntry("error", "invalid_token");
        assertThat(demo.refresh(refreshToken(login)).statusCode()).isEqualTo(400);
    }

    @Test
    void revokeWhenAccessRefreshOrUnknownTokenThen200AndTheTokensAreDead() throws Exception {
        Map<String, Object> login = demo.tokens("admin", "admin-demo-pass");

        assertThat(demo.revoke(access(login)).statusCode()).isEqualTo(200);
        assertThat(demo.revoke(refreshToken(login)).statusCode()).isEqualTo(200);
        assertThat(demo.revoke("unknown").statusCode()).isEqualTo(200);

        assertThat(demo.get("/api/admin", access(login)).statusCode()).isEqualTo(401);
        assertThat(demo.refresh(refreshToken(login)).statusCode()).isEqualTo(400);
    }

    @Test
    void healthAndJwksWhenNoTokenThenPublic() throws Exception {
        HttpResponse<String> health = demo.get("/api/health", null);
        HttpResponse<String> jwks = demo.get("/.well-known/jwks.json", null);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.body()).contains(keys.activeKey().getKeyID()).doesNotContain("\"d\"");
    }

    /**
     * DPoP (RFC 9449) through the container: the proof's {@code htu} is the URL the container reports for the
     * request, so this runs on each container as it is.
     */
    @Test
    void dpopWhenLoggedInWithAProofThenTheApiTakesTheTokenOnlyWithAFreshProofOfThatKey() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        URI login = demo.uri("/auth/login");
        HttpResponse<String> tokens = Http.send(
                "POST",
                login,
                "{\"username\":\"alice\",\"password\":\"alice-demo-pass\"}",
                "Content-Type",
                "application/json",
                "DPoP",
                proof(key, "POST", login, null));
        assertThat(tokens.statusCode()).isEqualTo(200);
        assertThat(json(tokens)).containsEntry("token_type", "DPoP");
        String token = access(json(tokens));
        URI me = demo.uri("/api/me");
        String proof = proof(key, "GET", me, token);

        HttpResponse<String> withProof = Http.send("GET", me, null, "Authorization", "DPoP " + token, "DPoP", proof);
        HttpResponse<String> replayed = Http.send("GET", me, null, "Authorization", "DPoP " + token, "DPoP", proof);
        HttpResponse<String> asBearer = demo.get("/api/me", token);

        assertThat(withProof.statusCode()).isEqualTo(200);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith(DPOP_CHALLENGE)
                .contains("error=\"invalid_dpop_proof\"", "DPoP proof jti was already used");
        assertThat(asBearer.statusCode()).isEqualTo(401);
        assertThat(asBearer.body()).contains("Token is bound to a DPoP key");
    }

    private static String proof(ECKey key, String method, URI htu, String accessToken) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .jwtID(java.util.UUID.randomUUID().toString())
                .claim("htm", method)
                .claim("htu", htu.toString())
                .issueTime(new Date());
        if (accessToken != null) {
            claims.claim(
                    "ath",
                    Base64URL.encode(java.security.MessageDigest.getInstance("SHA-256")
                                    .digest(accessToken.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                            .toString());
        }
        SignedJWT proof = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(new JOSEObjectType("dpop+jwt"))
                        .jwk(key.toPublicJWK())
                        .build(),
                claims.build());
        proof.sign(new ECDSASigner(key));
        return proof.serialize();
    }
}
