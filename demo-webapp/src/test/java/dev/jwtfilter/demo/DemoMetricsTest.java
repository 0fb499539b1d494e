package dev.jwtfilter.demo;

import static dev.jwtfilter.demo.DemoServer.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jwtfilter.issue.SigningKeyFiles;
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

/** {@code GET /metrics} over real HTTP: admins only, Prometheus text, counters that move with requests. */
class DemoMetricsTest {
    private static Path data;
    private static DemoServer demo;
    private static String alice;
    private static String admin;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("jwt-demo-metrics");
        demo = new DemoServer(Map.of(DemoSettings.DATA, data.toString()));
        alice = (String) demo.tokens("alice", "alice-demo-pass").get("access_token");
        admin = (String) demo.tokens("admin", "admin-demo-pass").get("access_token");
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void metricsWhenNoTokenThen401AndWhenUserRoleThen403() throws Exception {
        HttpResponse<String> anonymous = demo.get("/metrics");
        HttpResponse<String> user = demo.get("/metrics", bearer(alice));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer realm=\"jwt-demo\""));
        assertThat(anonymous.body()).doesNotContain("jwt_auth_events");
        assertThat(user.statusCode()).isEqualTo(403);
        assertThat(user.body()).contains("insufficient_scope").doesNotContain("jwt_auth_events");
    }

    @Test
    void metricsWhenAdminThenPrometheusTextWithEveryReason() throws Exception {
        HttpResponse<String> response = demo.get("/metrics", bearer(admin));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
        assertThat(response.body())
                .contains("# TYPE jwt_auth_events_total counter")
                .contains("reason=\"revocation_unavailable\"")
                .contains("reason=\"keys_unavailable\"")
                .contains("jwt_jwks_fetches_total{issuer=\"" + demo.issuer() + "\",result=\"failure\"} 0.0");
    }

    @Test
    void metricsWhenSameTokenSentAgainThenCacheHitsMove() throws Exception {
        assertThat(demo.get("/api/me", bearer(alice)).statusCode()).isEqualTo(200); // now in the cache
        String before = scrape();

        assertThat(demo.get("/api/me", bearer(alice)).statusCode()).isEqualTo(200);
        assertThat(demo.get("/api/me", bearer(alice)).statusCode()).isEqualTo(200);
        String after = scrape();

        // alice's two requests and the admin's second scrape: all tokens seen before, so all hits
        assertThat(cacheHits(after) - cacheHits(before)).isEqualTo(3);
        assertThat(after).contains("jwt_token_cache_size_tokens ").contains("jwt_token_cache_evictions_total ");
    }

    private static double cacheHits(String scrape) {
        String line = scrape.lines()
                .filter(l -> l.startsWith("jwt_token_cache_gets_total{result=\"hit\"}"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no cache hits in " + scrape));
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    @Test
    void metricsWhenRequestsRefusedAndAcceptedThenTheirCountersMove() throws Exception {
        String issuer = demo.issuer();
        String before = scrape();

        assertThat(demo.get("/api/me").statusCode()).isEqualTo(401);
        assertThat(demo.get("/api/me", bearer("not.a.jwt")).statusCode()).isEqualTo(401);
        assertThat(demo.get("/api/me", bearer(alice)).statusCode()).isEqualTo(200);
        String after = scrape();

        assertThat(value(after, "missing", "none") - value(before, "missing", "none"))
                .isEqualTo(1);
        assertThat(value(after, "malformed", "none") - value(before, "malformed", "none"))
                .isEqualTo(1);
        // alice's request, and the admin's second scrape itself (counted before the servlet answers)
        assertThat(value(after, "accepted", issuer) - value(before, "accepted", issuer))
                .isEqualTo(2);
    }

    @Test
    void metricsWhenSignedTokenClaimsRandomIssuerThenCountedAsUntrustedAndNeverShown() throws Exception {
        String claimed = "https://forged-" + UUID.randomUUID() + ".example";
        String before = scrape();

        assertThat(demo.get("/api/me", bearer(signedByDemoKey(claimed))).statusCode())
                .isEqualTo(401);
        String after = scrape();

        assertThat(value(after, "wrong_issuer", "untrusted") - value(before, "wrong_issuer", "untrusted"))
                .isEqualTo(1);
        assertThat(after).doesNotContain(claimed).doesNotContain("forged-");
    }

    private static String scrape() throws Exception {
        HttpResponse<String> response = demo.get("/metrics", bearer(admin));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** @return the value of {@code jwt_auth_events_total} with these labels in a scrape */
    private static double value(String scrape, String reason, String issuer) {
        String reasonLabel = "reason=\"" + reason + "\"";
        String issuerLabel = "issuer=\"" + issuer + "\"";
        List<String> lines = scrape.lines()
                .filter(line -> line.startsWith("jwt_auth_events_total{"))
                .filter(line -> line.contains(reasonLabel) && line.contains(issuerLabel))
                .toList();
        assertThat(lines).as("%s %s in%n%s", reason, issuer, scrape).hasSize(1);
        String line = lines.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** A valid token of the demo's key, so only its {@code iss} is wrong. */
    private static String signedByDemoKey(String issuer) throws Exception {
        RSAKey key =
                (RSAKey) SigningKeyFiles.load(data.resolve("signing-keys.json")).activeKey();
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience("jwt-demo-api")
                .subject("alice")
                .claim("upn", "alice")
                .claim("groups", List.of("user"))
                .claim("client_id", "jwt-demo")
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(new JOSEObjectType("at+jwt"))
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
