package dev.jwtfilter.demo;

import static dev.jwtfilter.demo.DemoServer.bearer;
import static dev.jwtfilter.demo.DemoServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.issue.SigningKeyFiles;
import dev.jwtfilter.micrometer.JwtFilterMetrics;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The demo's HTTP contract, end to end on a real Jetty server: the README's walkthrough, asserted. */
class DemoContractTest {
    private static Path data;
    private static DemoServer demo;
    private static Map<String, Object> alice;
    private static Map<String, Object> admin;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("jwt-demo-test");
        demo = new DemoServer(Map.of(
                DemoSettings.DATA,
                data.toString(),
                "jwt.events.listener",
                RecordingAuthEventListener.class.getName() + "," + JwtFilterMetrics.class.getName()));
        alice = demo.tokens("alice", "alice-demo-pass");
        admin = demo.tokens("admin", "admin-demo-pass");
    }

    @AfterAll
    static void stop() throws Exception {
        demo.close();
    }

    private static String access(Map<String, Object> tokens) {
        return (String) tokens.get("access_token");
    }

    private static String refreshOf(Map<String, Object> tokens) {
        return (String) tokens.get("refresh_token");
    }

    /** A token signed with the demo's own key, so only the claim or header under test is wrong. */
    private static String signedByDemoKey(JOSEObjectType type, JWTClaimsSet claims) throws Exception {
        RSAKey key =
                (RSAKey) SigningKeyFiles.load(data.resolve("signing-keys.json")).activeKey();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(type)
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder validClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(demo.issuer())
                .audience("jwt-demo-api")
                .subject("alice")
                .claim("upn", "alice")
                .claim("groups", List.of("user"))
                .claim("client_id", "demo-web")
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
    }

    @Test
    void loginWhenJsonCredentialsThenTokenResponse() throws Exception {
        HttpResponse<String> response = demo.login("alice", "alice-demo-pass");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        Map<String, Object> body = json(response);
        assertThat(body)
                .containsEntry("token_type", "Bearer")
                .containsEntry("expires_in", 900L)
                .containsKeys("access_token", "refresh_token");
        assertThat(SignedJWT.parse(access(body)).getHeader().getType().getType())
                .isEqualTo("at+jwt");
        assertThat(refreshOf(body)).hasSize(43).doesNotContain(".");
    }

    @Test
    void loginWhenOAuth2PasswordFormThenTokenResponse() throws Exception {
        HttpResponse<String> response = demo.post(
                "/auth/login",
                "application/x-www-form-urlencoded",
                "grant_type=password&username=admin&password=admin-demo-pass&scope=");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).containsKeys("access_token", "refresh_token");
    }

    @Test
    void loginWhenBadCredentialsThenInvalidGrant() throws Exception {
        HttpResponse<String> wrongPassword = demo.login("alice", "wrong");
        HttpResponse<String> unknownUser = demo.login("nobody", "alice-demo-pass");

        assertThat(wrongPassword.statusCode()).isEqualTo(400);
        assertThat(json(wrongPassword)).containsEntry("error", "invalid_grant");
        assertThat(unknownUser.statusCode()).isEqualTo(400);
        assertThat(unknownUser.body()).isEqualTo(wrongPassword.body());
    }

    @Test
    void loginWhenRequestMalformedThen400_415_413() throws Exception {
        assertThat(demo.postJson("/auth/login", "{\"username\":\"alice\"").statusCode())
                .isEqualTo(400);
        assertThat(json(demo.postJson("/auth/login", "{\"username\":\"alice\"}")))
                .containsEntry("error", "invalid_request");
        assertThat(demo.postJson("/auth/login", "{\"username\":7,\"password\":[]}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(json(demo.post("/auth/login", "application/x-www-form-urlencoded", "grant_type=client_credentials")))
                .containsEntry("error", "unsupported_grant_type");
        for (String notAnObject : List.of("null", "\"text\"", "1", "[]", "")) {
            assertThat(json(demo.postJson("/auth/login", notAnObject)))
                    .as(notAnObject)
                    .containsEntry("error", "invalid_request");
            assertThat(demo.postJson("/auth/refresh", notAnObject).statusCode()).isEqualTo(400);
        }
        assertThat(
                        json(
                                demo.postJson(
                                        "/auth/login",
                                        "{\"grant_type\":\"client_credentials\",\"username\":\"alice\",\"password\":\"alice-demo-pass\"}")))
                .containsEntry("error", "unsupported_grant_type");
        assertThat(demo.post("/auth/login", "text/plain", "alice:alice-demo-pass")
                        .statusCode())
                .isEqualTo(415);
        assertThat(demo.post("/auth/login", null, "x").statusCode()).isEqualTo(415);
        HttpResponse<String> large = demo.postJson("/auth/login", "{\"username\":\"" + "a".repeat(10_000) + "\"}");
        assertThat(large.statusCode()).isEqualTo(413);
        // On a connection of its own: the JDK client does not retry a POST on a pooled connection that closed.
        assertThat(statusOnNewConnection("/auth/login", "{\"username\":\"" + "a".repeat(40_000) + "\"}"))
                .isEqualTo(413);
        assertThat(json(large)).containsEntry("error", "invalid_request");
    }

    @Test
    void loginWhenRefusedForItsTypeOrSizeThenTheConnectionStaysUsable() throws Exception {
        // The body arrives after the headers, as the JDK client sends it. A refusal that leaves the body unread
        // makes the container close the connection without saying so, and a client that reuses it gets no bytes.
        assertThat(refusedThenHealth("text/plain", "alice:alice-demo-pass")).startsWith("HTTP/1.1 415");
        assertThat(refusedThenHealth("application/json", "{\"username\":\"" + "a".repeat(10_000) + "\"}"))
                .startsWith("HTTP/1.1 413");
    }

    /** Sends a POST whose body comes a little after its headers, then a GET on the same connection. */
    private static String refusedThenHealth(String contentType, String body) throws Exception {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (java.net.Socket socket =
                new java.net.Socket(demo.base().getHost(), demo.base().getPort())) {
            socket.setSoTimeout(30_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType + "\r\n"
                            + "Content-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(200); // lets the server see the headers alone (ordering only; nothing is timed)
            out.write(bytes);
            out.write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            java.io.InputStream in = socket.getInputStream();
            String first = readResponseHead(in);
            assertThat(first.toLowerCase(java.util.Locale.ROOT)).doesNotContain("\r\nconnection: close");
            skipBody(in, first);
            assertThat(readResponseHead(in)).startsWith("HTTP/1.1 200");
            return first;
        }
    }

    @Test
    void bodyWhenFarTooLargeThen413SaysItCloses() throws Exception {
        try (java.net.Socket socket =
                new java.net.Socket(demo.base().getHost(), demo.base().getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream()
                    .write(("POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: 10000000\r\n\r\n{")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String head = readResponseHead(socket.getInputStream()).toLowerCase(java.util.Locale.ROOT);
            assertThat(head).startsWith("http/1.1 413").contains("\r\nconnection: close");
        }
    }

    private static String readResponseHead(java.io.InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static void skipBody(java.io.InputStream in, String head) throws java.io.IOException {
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)")
                .matcher(head);
        assertThat(length.find()).as("a sized error body").isTrue();
        in.readNBytes(Integer.parseInt(length.group(1)));
    }

    /** Sends one whole JSON POST on a fresh socket and returns the status of the answer. */
    private static int statusOnNewConnection(String path, String json) throws Exception {
        byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket socket =
                new java.net.Socket(demo.base().getHost(), demo.base().getPort())) {
            socket.setSoTimeout(30_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(
                            socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 ");
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    @Test
    void meWhenAccessTokenThenPrincipalRolesAndClaims() throws Exception {
        HttpResponse<String> response = demo.get("/api/me", bearer(access(alice)));

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("name", "alice").containsEntry("roles", List.of("user"));
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = (Map<String, Object>) body.get("claims");
        assertThat(claims).containsEntry("iss", demo.issuer()).containsEntry("sub", "alice");
    }

    @Test
    void meWhenNoTokenThen401WithBareChallenge() throws Exception {
        HttpResponse<String> response = demo.get("/api/me");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .contains("Bearer realm=\"jwt-demo\", " + demo.resourceMetadata());
    }

    @Test
    void meWhenTokenExpiredTamperedForeignOrOfAnotherTypeThen401() throws Exception {
        Instant past = Instant.now().minusSeconds(3600);
        String expired = signedByDemoKey(
                new JOSEObjectType("at+jwt"),
                validClaims()
                        .issueTime(Date.from(past))
                        .expirationTime(Date.from(past.plusSeconds(60)))
                        .build());
        String wrongAudience = signedByDemoKey(
                new JOSEObjectType("at+jwt"),
                validClaims().audience("other-api").build());
        String wrongIssuer = signedByDemoKey(
                new JOSEObjectType("at+jwt"),
                validClaims().issuer("someone-else").build());
        String plainJwtType = signedByDemoKey(JOSEObjectType.JWT, validClaims().build());
        String[] parts = access(alice).split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];

        HttpResponse<String> expiredResponse = demo.get("/api/me", bearer(expired));
        assertThat(expiredResponse.statusCode()).isEqualTo(401);
        assertThat(expiredResponse.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).contains("error=\"invalid_token\"", "Token has expired"));
        for (String token : List.of(wrongAudience, wrongIssuer, plainJwtType, tampered, refreshOf(alice))) {
            HttpResponse<String> response = demo.get("/api/me", bearer(token));
            assertThat(response.statusCode()).as(token).isEqualTo(401);
            assertThat(json(response)).containsEntry("error", "invalid_token");
        }
        assertThat(demo.get(
                                "/api/me",
                                bearer(signedByDemoKey(
                                        new JOSEObjectType("at+jwt"),
                                        validClaims().build())))
                        .statusCode())
                .isEqualTo(200);
        assertThat(demo.get(
                                "/api/me",
                                bearer(signedByDemoKey(
                                        new JOSEObjectType("at+jwt"),
                                        validClaims().jwtID(null).build())))
                        .statusCode())
                .as("no jti: it could never be revoked")
                .isEqualTo(401);
    }

    /**
     * The demo turns on {@code jwt.profile=rfc9068}: a token signed with its own key but lacking one of the claims
     * RFC 9068 section 2.2 requires is refused (before the profile, one without {@code sub} or {@code client_id}
     * was accepted); the demo's own tokens name its one public client.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sub", "client_id", "iat", "jti"})
    void apiWhenDemoKeyTokenLacksAClaimOfRfc9068Then401InvalidToken(String claim) throws Exception {
        JWTClaimsSet.Builder claims = validClaims();
        claims.claim(claim, null);
        HttpResponse<String> response =
                demo.get("/api/me", bearer(signedByDemoKey(new JOSEObjectType("at+jwt"), claims.build())));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response)).containsEntry("error", "invalid_token");
        assertThat(SignedJWT.parse(access(alice)).getJWTClaimsSet().getStringClaim("client_id"))
                .isEqualTo("demo-web");
    }

    @Test
    void adminWhenUserRoleThen403InsufficientScopeAndWhenAdminThen200() throws Exception {
        HttpResponse<String> forbidden = demo.get("/api/admin", bearer(access(alice)));

        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("WWW-Authenticate"))
                .contains(
                        "Bearer realm=\"jwt-demo\", error=\"insufficient_scope\", error_description=\"Insufficient role\"");
        assertThat(json(forbidden)).containsEntry("error", "insufficient_scope");
        HttpResponse<String> allowed = demo.get("/api/admin", bearer(access(admin)));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(json(allowed)).containsEntry("message", "Welcome, admin");
    }

    @Test
    void adminWhenUserRoleThenTheRawAnswerIsTheOneTheDemoAlwaysGave() throws Exception {
        String answer = demo.raw("GET", "/api/admin", bearer(access(alice)));

        assertThat(answer)
                .isEqualTo("HTTP/1.1 403 Forbidden\r\n"
                        + "Server: Jetty(12.1.14)\r\n"
                        + "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
                        + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'\r\n"
                        + "X-Content-Type-Options: nosniff\r\n"
                        + "Referrer-Policy: no-referrer\r\n"
                        + "WWW-Authenticate: Bearer realm=\"jwt-demo\", error=\"insufficient_scope\", error_description=\"Insufficient role\"\r\n"
                        + "Cache-Control: no-store\r\n"
                        + "Content-Type: application/json\r\n"
                        + "Content-Length: 70\r\n"
                        + "Connection: close\r\n"
                        + "\r\n"
                        + "{\"error\":\"insufficient_scope\",\"error_description\":\"Insufficient role\"}");
    }

    @Test
    void adminWhenUserRoleThenTheRefusalIsReportedOnceAfterTheAcceptedToken() throws Exception {
        int before = RecordingAuthEventListener.count();

        assertThat(demo.get("/api/admin", bearer(access(alice))).statusCode()).isEqualTo(403);

        assertThat(RecordingAuthEventListener.reasonsSince(before))
                .containsExactly(AuthEventReason.ACCEPTED, AuthEventReason.INSUFFICIENT_ROLE);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> authEvents() throws Exception {
        HttpResponse<String> response = demo.get("/api/admin/metrics", bearer(access(admin)));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        return (Map<String, Object>) json(response).get("auth_events");
    }

    private static long moved(Map<String, Object> before, Map<String, Object> after, String reason) {
        return (Long) after.get(reason) - (Long) before.get(reason);
    }

    @Test
    void metricsWhenAdminThenAuthEventCountersThatMoveAndWhenUserThen403() throws Exception {
        Map<String, Object> before = authEvents();

        demo.get("/api/me");
        demo.get("/api/me", bearer("not.a.jwt"));
        demo.get("/api/admin", bearer(access(alice)));
        HttpResponse<String> forbidden = demo.get("/api/admin/metrics", bearer(access(alice)));
        Map<String, Object> after = authEvents();

        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(after.keySet())
                .containsExactly(
                        "accepted",
                        "missing",
                        "malformed",
                        "expired",
                        "not_yet_valid",
                        "bad_signature",
                        "unknown_key",
                        "wrong_issuer",
                        "wrong_audience",
                        "wrong_type",
                        "wrong_certificate",
                        "proof_required",
                        "invalid_proof",
                        "replayed_proof",
                        "nonce_required",
                        "scheme_not_allowed",
                        "revoked",
                        "insufficient_role",
                        "insufficient_user_authentication",
                        "keys_unavailable",
                        "revocation_unavailable",
                        "proof_check_unavailable");
        assertThat(moved(before, after, "missing")).isPositive();
        assertThat(moved(before, after, "malformed")).isPositive();
        assertThat(moved(before, after, "insufficient_role")).isGreaterThanOrEqualTo(2);
        assertThat(moved(before, after, "accepted")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void adminReportServletWhenAnnotatedThenTheFilterEnforcesIt() throws Exception {
        assertThat(demo.get("/admin/report").statusCode()).isEqualTo(401);
        HttpResponse<String> forbidden = demo.get("/admin/report", bearer(access(alice)));
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).contains("insufficient_scope"));
        assertThat(json(demo.get("/admin/report", bearer(access(admin))))).containsEntry("requested_by", "admin");
    }

    @Test
    void pingWhenTokenThenSameAnswerAsHealthAndWithoutThen401() throws Exception {
        assertThat(demo.get("/api/ping", bearer(access(alice))).body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(demo.get("/api/ping").statusCode()).isEqualTo(401);
    }

    @Test
    void healthWhenNoTokenThenPublic() throws Exception {
        HttpResponse<String> response = demo.get("/api/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void jwksWhenFetchedThenPublicRsaKeyOnly() throws Exception {
        HttpResponse<String> response = demo.get("/.well-known/jwks.json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/jwk-set+json"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys =
                (List<Map<String, Object>>) json(response).get("keys");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0))
                .containsEntry("kty", "RSA")
                .containsEntry("alg", "RS256")
                .containsKey("kid")
                .doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");
        assertThat(keys.get(0).get("kid"))
                .isEqualTo(SignedJWT.parse(access(alice)).getHeader().getKeyID());
    }

    @Test
    void refreshWhenRotatedThenNewPairAndOldTokenReuseRevokesTheFamily() throws Exception {
        Map<String, Object> login = demo.tokens("alice", "alice-demo-pass");
        HttpResponse<String> rotated =
                demo.postJson("/auth/refresh", "{\"refresh_token\":\"" + refreshOf(login) + "\"}");

        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(rotated.headers().firstValue("Cache-Control")).contains("no-store");
        Map<String, Object> next = json(rotated);
        assertThat(refreshOf(next)).isNotEqualTo(refreshOf(login));
        assertThat(demo.get("/api/me", bearer(access(next))).statusCode()).isEqualTo(200);

        HttpResponse<String> reuse = demo.postJson("/auth/refresh", "{\"refresh_token\":\"" + refreshOf(login) + "\"}");
        assertThat(reuse.statusCode()).isEqualTo(400);
        assertThat(json(reuse)).containsEntry("error", "invalid_grant");
        assertThat(demo.postJson("/auth/refresh", "{\"refresh_token\":\"" + refreshOf(next) + "\"}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void refreshWhenFormGrantThenRotated() throws Exception {
        Map<String, Object> login = demo.tokens("admin", "admin-demo-pass");

        HttpResponse<String> response = demo.post(
                "/auth/refresh",
                "application/x-www-form-urlencoded",
                "grant_type=refresh_token&refresh_token=" + refreshOf(login));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(demo.get("/api/admin", bearer(access(json(response)))).statusCode())
                .isEqualTo(200);
        assertThat(json(demo.post(
                        "/auth/refresh", "application/x-www-form-urlencoded", "refresh_token=" + refreshOf(login))))
                .containsEntry("error", "unsupported_grant_type");
    }

    @Test
    void refreshWhenAccessTokenOrNothingPresentedThen400() throws Exception {
        assertThat(json(demo.postJson("/auth/refresh", "{\"refresh_token\":\"" + access(alice) + "\"}")))
                .containsEntry("error", "invalid_grant");
        assertThat(json(demo.postJson("/auth/refresh", "{}"))).containsEntry("error", "invalid_request");
    }

    @Test
    void logoutWhenRefreshTokenThen204AndFamilyRevoked() throws Exception {
        Map<String, Object> login = demo.tokens("alice", "alice-demo-pass");

        HttpResponse<String> logout = demo.postJson("/auth/logout", "{\"refresh_token\":\"" + refreshOf(login) + "\"}");

        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(demo.postJson("/auth/refresh", "{\"refresh_token\":\"" + refreshOf(login) + "\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(demo.postJson("/auth/logout", "{\"refresh_token\":\"unknown\"}")
                        .statusCode())
                .isEqualTo(204);
    }

    @Test
    void logoutWhenAccessTokenSentTooThenItIsRefusedAtOnce() throws Exception {
        Map<String, Object> login = demo.tokens("alice", "alice-demo-pass");
        assertThat(demo.get("/api/me", bearer(access(login))).statusCode()).isEqualTo(200);

        HttpResponse<String> logout = demo.post(
                "/auth/logout",
                "application/json",
                "{\"refresh_token\":\"" + refreshOf(login) + "\"}",
                bearer(access(login)));

        assertThat(logout.statusCode()).isEqualTo(204);
        HttpResponse<String> after = demo.get("/api/me", bearer(access(login)));
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(json(after)).containsEntry("error", "invalid_token");
        assertThat(after.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).contains("error=\"invalid_token\""));
        assertThat(demo.postJson("/auth/refresh", "{\"refresh_token\":\"" + refreshOf(login) + "\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(demo.get("/api/me", bearer(access(alice))).statusCode())
                .as("other sessions live on")
                .isEqualTo(200);
    }

    @Test
    void logoutWhenAccessTokenSentThenItIsVerifiedOnceByTheFilterAlone() throws Exception {
        Map<String, Object> login = demo.tokens("alice", "alice-demo-pass");
        int before = RecordingAuthEventListener.count();

        HttpResponse<String> logout = demo.post(
                "/auth/logout",
                "application/json",
                "{\"refresh_token\":\"" + refreshOf(login) + "\"}",
                bearer(access(login)));

        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(RecordingAuthEventListener.reasonsSince(before)).containsExactly(AuthEventReason.ACCEPTED);
        assertThat(demo.get("/api/me", bearer(access(login))).statusCode()).isEqualTo(401);
    }

    @Test
    void logoutWhenAccessTokenInvalidThenStill204AndTheFamilyRevoked() throws Exception {
        Map<String, Object> login = demo.tokens("alice", "alice-demo-pass");

        HttpResponse<String> logout = demo.post(
                "/auth/logout",
                "application/json",
                "{\"refresh_token\":\"" + refreshOf(login) + "\"}",
                bearer("not.a.token"));

        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(demo.postJson("/auth/refresh", "{\"refresh_token\":\"" + refreshOf(login) + "\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(demo.get("/api/me", bearer(access(login))).statusCode()).isEqualTo(200);
    }

    @Test
    void revokeWhenAccessTokenThen200EmptyAndTheTokenIsRefused() throws Exception {
        Map<String, Object> login = demo.tokens("admin", "admin-demo-pass");

        HttpResponse<String> revoked = demo.post(
                "/auth/revoke",
                "application/x-www-form-urlencoded",
                "token=" + access(login) + "&token_type_hint=access_token");

        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(revoked.body()).isEmpty();
        assertThat(revoked.headers().firstValue("Cache-Control")).contains("no-store");
        HttpResponse<String> after = demo.get("/api/admin", bearer(access(login)));
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(json(after)).containsEntry("error", "invalid_token");
        assertThat(demo.postJson("/auth/refresh", "{\"refresh_token\":\"" + refreshOf(login) + "\"}")
                        .statusCode())
                .as("RFC 7009 leaves the refresh token alone when an access token is revoked")
                .isEqualTo(200);
    }

    @Test
    void revokeWhenRefreshTokenThenItsFamilyIsDeadWhateverTheHint() throws Exception {
        Map<String, Object> first = demo.tokens("alice", "alice-demo-pass");
        Map<String, Object> second = demo.tokens("alice", "alice-demo-pass");

        HttpResponse<String> hinted = demo.postJson(
                "/auth/revoke", "{\"token\":\"" + refreshOf(first) + "\",\"token_type_hint\":\"refresh_token\"}");
        HttpResponse<String> misHinted = demo.postJson(
                "/auth/revoke", "{\"token\":\"" + refreshOf(second) + "\",\"token_type_hint\":\"access_token\"}");

        assertThat(hinted.statusCode()).isEqualTo(200);
        assertThat(misHinted.statusCode()).isEqualTo(200);
        for (Map<String, Object> login : List.of(first, second)) {
            HttpResponse<String> refresh =
                    demo.postJson("/auth/refresh", "{\"refresh_token\":\"" + refreshOf(login) + "\"}");
            assertThat(refresh.statusCode()).isEqualTo(400);
            assertThat(json(refresh)).containsEntry("error", "invalid_grant");
        }
    }

    @Test
    void revokeWhenUnknownExpiredOrAlreadyRevokedTokenOrUnknownHintThen200AndNothingTold() throws Exception {
        Map<String, Object> login = demo.tokens("alice", "alice-demo-pass");
        Instant past = Instant.now().minusSeconds(3600);
        String expired = signedByDemoKey(
                new JOSEObjectType("at+jwt"),
                validClaims()
                        .jwtID("expired-1")
                        .issueTime(Date.from(past))
                        .expirationTime(Date.from(past.plusSeconds(60)))
                        .build());
        assertThat(demo.post("/auth/revoke", "application/x-www-form-urlencoded", "token=" + access(login))
                        .statusCode())
                .isEqualTo(200);

        for (String token : List.of("unknown", "a".repeat(43), "not.a.jwt", expired, access(login))) {
            HttpResponse<String> response = demo.post(
                    "/auth/revoke",
                    "application/x-www-form-urlencoded",
                    "token=" + token + "&token_type_hint=id_token");
            assertThat(response.statusCode()).as(token).isEqualTo(200);
            assertThat(response.body()).isEmpty();
        }
    }

    @Test
    void revokeWhenNoTokenOrBadBodyThenRfc6749Errors() throws Exception {
        HttpResponse<String> missing = demo.postJson("/auth/revoke", "{\"token_type_hint\":\"access_token\"}");
        HttpResponse<String> empty = demo.post("/auth/revoke", "application/x-www-form-urlencoded", "token=");

        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing)).containsEntry("error", "invalid_request");
        assertThat(json(empty)).containsEntry("error", "invalid_request");
        assertThat(demo.post("/auth/revoke", "text/plain", "x").statusCode()).isEqualTo(415);
        assertThat(demo.get("/auth/revoke").statusCode()).isEqualTo(405);
    }

    @Test
    void loginWhenRepeatedFailuresForOneUserThen429WithRetryAfter() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(demo.login("mallory", "guess-" + i).statusCode()).isEqualTo(400);
        }

        HttpResponse<String> throttled = demo.login("mallory", "guess-5");

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(json(throttled)).containsEntry("error", "too_many_requests");
    }

    @Test
    void unknownPathsAndMethodsWhenAuthenticatedThenJsonErrors() throws Exception {
        HttpResponse<String> apiMissing = demo.get("/api/nope", bearer(access(alice)));
        HttpResponse<String> servletMissing = demo.get("/nowhere", bearer(access(alice)));
        HttpResponse<String> wrongMethod = demo.get("/auth/login");

        assertThat(apiMissing.statusCode()).isEqualTo(404);
        assertThat(json(apiMissing)).containsKey("error");
        assertThat(servletMissing.statusCode()).isEqualTo(404);
        assertThat(json(servletMissing)).containsEntry("error", "not_found");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(json(wrongMethod)).containsEntry("error", "method_not_allowed");
    }
}
