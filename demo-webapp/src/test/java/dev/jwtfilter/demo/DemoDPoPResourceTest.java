package dev.jwtfilter.demo;

import static dev.jwtfilter.demo.DemoServer.json;
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
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.proof.JdbcDPoPReplayCache;
import dev.jwtfilter.web.JwtAuthenticationFilter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's API under DPoP (RFC 9449), over real HTTP without a browser: by default the filter runs
 * {@code dpop-allowed} (bearer tokens as before, DPoP-bound tokens only with their proof), {@code JWT_DPOP=dpop-required}
 * refuses bearer tokens, and the filter records proofs in the same replay cache as the token endpoint, so a proof's
 * {@code jti} is used once across login, refresh and the API.
 */
class DemoDPoPResourceTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static DemoServer demo;

    @BeforeAll
    static void start() throws Exception {
        demo = new DemoServer(Map.of(
                DemoSettings.DATA,
                Files.createTempDirectory("jwt-demo-dpop-api").toString()));
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    /** The demo with web.xml's {@code ${JWT_DPOP:dpop-allowed}} set, as the environment variable would. */
    private static DemoServer withPolicy(String policy) throws Exception {
        String before = System.getProperty("JWT_DPOP");
        System.setProperty("JWT_DPOP", policy); // read once, when the filter starts
        try {
            return new DemoServer(Map.of(
                    DemoSettings.DATA,
                    Files.createTempDirectory("jwt-demo-" + policy).toString()));
        } finally {
            if (before == null) {
                System.clearProperty("JWT_DPOP");
            } else {
                System.setProperty("JWT_DPOP", before);
            }
        }
    }

    private static ECKey newKey() throws Exception {
        return new ECKeyGenerator(Curve.P_256).generate();
    }

    /** A proof as RFC 9449 section 4.2 describes it; {@code token} adds {@code ath}. */
    private static String proof(ECKey key, String jti, String method, URI url, String token) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .jwtID(jti)
                .claim("htm", method)
                .claim("htu", url.toString())
                .issueTime(new Date());
        if (token != null) {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            claims.claim("ath", Base64URL.encode(hash).toString());
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

    /** @return the DPoP-bound access token of a login whose proof has that {@code jti} */
    private static String boundLogin(DemoServer server, ECKey key, String jti) throws Exception {
        return (String) boundTokens(server, key, jti, "alice").get("access_token");
    }

    /** @return the token response of a login with a proof */
    private static Map<String, Object> boundTokens(DemoServer server, ECKey key, String jti, String user)
            throws Exception {
        URI login = server.base().resolve("/auth/login");
        HttpResponse<String> response =
                DPoPClient.login(server.base(), user, user + "-demo-pass", proof(key, jti, "POST", login, null));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response)).containsEntry("token_type", "DPoP");
        return json(response);
    }

    /** A request with a DPoP-bound token and a new proof for it. */
    private static HttpResponse<String> withProof(String method, String path, ECKey key, String token, String json)
            throws Exception {
        URI url = demo.base().resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .header("Authorization", "DPoP " + token)
                .header("DPoP", proof(key, UUID.randomUUID().toString(), method, url, token));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> me(DemoServer server, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.base().resolve("/api/me"));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> meWithProof(DemoServer server, ECKey key, String jti, String token)
            throws Exception {
        return me(
                server,
                "Authorization",
                "DPoP " + token,
                "DPoP",
                proof(key, jti, "GET", server.base().resolve("/api/me"), token));
    }

    @Test
    void apiWhenDefaultPolicyThenBearerTokensStillWorkAndBoundTokensOnlyWithTheirProof() throws Exception {
        String bearer = (String) demo.tokens("alice", "alice-demo-pass").get("access_token");
        ECKey key = newKey();
        String bound = boundLogin(demo, key, UUID.randomUUID().toString());

        assertThat(me(demo, "Authorization", "Bearer " + bearer).statusCode()).isEqualTo(200);
        HttpResponse<String> withProof =
                meWithProof(demo, key, UUID.randomUUID().toString(), bound);
        assertThat(withProof.statusCode()).isEqualTo(200);
        assertThat(json(withProof)).containsEntry("name", "alice");
        HttpResponse<String> asBearer = me(demo, "Authorization", "Bearer " + bound);
        assertThat(asBearer.statusCode()).isEqualTo(401);
        assertThat(asBearer.headers().allValues("WWW-Authenticate"))
                .containsExactly(
                        "Bearer realm=\"jwt-demo\", " + demo.resourceMetadata() + ", error=\"invalid_token\", "
                                + "error_description=\"Token is bound to a DPoP key\"",
                        "DPoP realm=\"jwt-demo\", algs=\"ES256 RS256 PS256\", " + demo.resourceMetadata());
        HttpResponse<String> otherKey =
                meWithProof(demo, newKey(), UUID.randomUUID().toString(), bound);
        assertThat(otherKey.statusCode()).isEqualTo(401);
        assertThat(otherKey.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge ->
                        assertThat(challenge).startsWith("DPoP ").contains("error=\"invalid_dpop_proof\""));
    }

    @Test
    void proofWhenItsJtiWasUsedAtTheTokenEndpointThenTheApiRefusesIt() throws Exception {
        ECKey key = newKey();
        String jti = UUID.randomUUID().toString();
        String token = boundLogin(demo, key, jti);

        // A new, valid proof for the API, by the same key with the login proof's jti: one replay cache for both.
        HttpResponse<String> reused = meWithProof(demo, key, jti, token);

        assertThat(reused.statusCode()).isEqualTo(401);
        assertThat(reused.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge)
                        .contains(
                                "error=\"invalid_dpop_proof\"",
                                "error_description=\"DPoP proof jti was already used\""));
        assertThat(meWithProof(demo, key, UUID.randomUUID().toString(), token).statusCode())
                .isEqualTo(200);
    }

    @Test
    void proofWhenItsJtiWasUsedAtTheApiThenTheTokenEndpointRefusesIt() throws Exception {
        ECKey key = newKey();
        String token = boundLogin(demo, key, UUID.randomUUID().toString());
        String jti = UUID.randomUUID().toString();
        assertThat(meWithProof(demo, key, jti, token).statusCode()).isEqualTo(200);

        HttpResponse<String> login = DPoPClient.login(
                demo.base(),
                "alice",
                "alice-demo-pass",
                proof(key, jti, "POST", demo.base().resolve("/auth/login"), null));

        assertThat(login.statusCode()).isEqualTo(400);
        assertThat(json(login)).containsEntry("error", "invalid_dpop_proof");
    }

    @Test
    void replayCacheWhenDemoStartsThenTheFilterUsesTheTokenEndpointsOneInTheRefreshDatabase() {
        JwtConfig config = (JwtConfig) demo.attribute(JwtAuthenticationFilter.CONFIG_ATTRIBUTE);

        assertThat(config.dpopProofSettings()).isPresent();
        assertThat(config.dpopProofSettings().get().replayCache())
                .isInstanceOf(JdbcDPoPReplayCache.class)
                .isSameAs(demo.attribute(DemoBootstrap.DPOP_REPLAY_CACHE_ATTRIBUTE));
    }

    @Test
    void apiWhenJwtDpopIsDpopRequiredThenBearerTokensAreRefusedAndBoundTokensAccepted() throws Exception {
        try (DemoServer required = withPolicy("dpop-required")) {
            String bearer = (String) required.tokens("alice", "alice-demo-pass").get("access_token");
            ECKey key = newKey();
            String bound = boundLogin(required, key, UUID.randomUUID().toString());

            HttpResponse<String> refused = me(required, "Authorization", "Bearer " + bearer);

            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().allValues("WWW-Authenticate"))
                    .containsExactly(
                            "DPoP realm=\"jwt-demo\", algs=\"ES256 RS256 PS256\", " + required.resourceMetadata()
                                    + ", error=\"invalid_token\", "
                                    + "error_description=\"Token must be DPoP-bound and sent with a proof\"");
            assertThat(meWithProof(required, key, UUID.randomUUID().toString(), bound)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(me(required).headers().allValues("WWW-Authenticate"))
                    .containsExactly(
                            "DPoP realm=\"jwt-demo\", algs=\"ES256 RS256 PS256\", " + required.resourceMetadata());
        }
    }

    @Test
    void adminWhenADPoPRequestLacksTheRoleThen403WithTheErrorOnTheDPoPChallengeAsTheFilterAnswers() throws Exception {
        ECKey key = newKey();
        String token = boundLogin(demo, key, UUID.randomUUID().toString());

        HttpResponse<String> jersey = withProof("GET", "/api/admin", key, token, null);
        HttpResponse<String> filter = withProof("GET", "/admin/report", key, token, null);

        List<String> expected = List.of(
                "DPoP realm=\"jwt-demo\", algs=\"ES256 RS256 PS256\", error=\"insufficient_scope\", "
                        + "error_description=\"Insufficient role\"",
                "Bearer realm=\"jwt-demo\"");
        assertThat(jersey.statusCode()).isEqualTo(403);
        assertThat(jersey.headers().allValues("WWW-Authenticate")).isEqualTo(expected);
        assertThat(jersey.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(json(jersey)).containsEntry("error", "insufficient_scope");
        assertThat(filter.statusCode()).isEqualTo(403);
        assertThat(filter.headers().allValues("WWW-Authenticate")).isEqualTo(expected);
    }

    @Test
    void logoutWhenSentWithTheBoundTokenAndItsProofThenTheAccessTokenIsRevokedToo() throws Exception {
        ECKey key = newKey();
        Map<String, Object> tokens = boundTokens(demo, key, UUID.randomUUID().toString(), "alice");
        String token = (String) tokens.get("access_token");
        assertThat(withProof("GET", "/api/me", key, token, null).statusCode()).isEqualTo(200);

        HttpResponse<String> logout = withProof(
                "POST", "/auth/logout", key, token, "{\"refresh_token\":\"" + tokens.get("refresh_token") + "\"}");

        assertThat(logout.statusCode()).isEqualTo(204);
        HttpResponse<String> after = withProof("GET", "/api/me", key, token, null);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(
                        challenge -> assertThat(challenge).startsWith("DPoP ").contains("invalid_token"));
    }

    @Test
    void revokeWhenTheBoundAccessTokenIsPresentedThenItIsRevokedAtOnce() throws Exception {
        ECKey key = newKey();
        Map<String, Object> tokens = boundTokens(demo, key, UUID.randomUUID().toString(), "alice");
        String token = (String) tokens.get("access_token");
        assertThat(withProof("GET", "/api/me", key, token, null).statusCode()).isEqualTo(200);

        HttpResponse<String> revoke = demo.post("/auth/revoke", "application/x-www-form-urlencoded", "token=" + token);

        assertThat(revoke.statusCode()).isEqualTo(200);
        assertThat(withProof("GET", "/api/me", key, token, null).statusCode()).isEqualTo(401);
    }
}
