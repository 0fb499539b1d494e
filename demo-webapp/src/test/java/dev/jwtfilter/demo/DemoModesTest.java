package dev.jwtfilter.demo;

import static dev.jwtfilter.demo.DemoServer.bearer;
import static dev.jwtfilter.demo.DemoServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.jwtfilter.demo.users.PasswordHash;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo across a restart, on PostgreSQL, with its own users and lifetimes, and in HS256 mode. */
class DemoModesTest {

    @Test
    void restartWhenSameDataDirectoryThenUsersStayLoggedIn() throws Exception {
        Path data = Files.createTempDirectory("jwt-demo-restart");
        // One public URL, as a restart keeps it: the second server listens on another port.
        Map<String, String> settings =
                Map.of(DemoSettings.DATA, data.toString(), DemoSettings.ISSUER, "https://demo.example.com");
        Map<String, Object> before;
        try (DemoServer first = new DemoServer(settings)) {
            before = first.tokens("alice", "alice-demo-pass");
        }

        try (DemoServer second = new DemoServer(settings)) {
            assertThat(second.get("/api/me", bearer((String) before.get("access_token")))
                            .statusCode())
                    .isEqualTo(200);
            var refreshed =
                    second.postJson("/auth/refresh", "{\"refresh_token\":\"" + before.get("refresh_token") + "\"}");
            assertThat(refreshed.statusCode()).isEqualTo(200);
            assertThat(Files.exists(data.resolve("refresh-tokens.mv.db"))).isTrue();
            assertThat(Files.exists(data.resolve("signing-keys.json"))).isTrue();
        }
    }

    private static int count(EmbeddedPostgres postgres, String sql) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                ResultSet rows = c.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Test
    void postgresModeWhenJdbcUrlGivenThenRefreshTokensAndRevocationsLiveThereAndNotInH2() throws Exception {
        Path data = Files.createTempDirectory("jwt-demo-pg");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                DemoServer demo = new DemoServer(Map.of(
                        DemoSettings.DATA,
                        data.toString(),
                        DemoSettings.DB_URL,
                        postgres.getJdbcUrl("postgres", "postgres"),
                        DemoSettings.DB_USER,
                        "postgres"))) {
            Map<String, Object> tokens = demo.tokens("alice", "alice-demo-pass");

            var refreshed =
                    demo.postJson("/auth/refresh", "{\"refresh_token\":\"" + tokens.get("refresh_token") + "\"}");

            assertThat(refreshed.statusCode()).isEqualTo(200);
            String access = (String) json(refreshed).get("access_token");
            assertThat(demo.post("/auth/revoke", "application/x-www-form-urlencoded", "token=" + access)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(count(postgres, "SELECT count(*) FROM jwt_refresh_token"))
                    .isEqualTo(2);
            assertThat(count(
                            postgres,
                            "SELECT count(*) FROM jwt_revoked_token WHERE jti = '"
                                    + SignedJWT.parse(access).getJWTClaimsSet().getJWTID() + "'"))
                    .isEqualTo(1);
            assertThat(demo.get("/api/me", bearer(access)).statusCode()).isEqualTo(401);
            assertThat(Files.exists(data.resolve("refresh-tokens.mv.db"))).isFalse();
        }
    }

    @Test
    void settingsWhenUsersFileAndLifetimesGivenThenApplied() throws Exception {
        Path data = Files.createTempDirectory("jwt-demo-settings");
        String hash = PasswordHash.hash("carol-pass-123".toCharArray());
        Path users = Files.writeString(data.resolve("users.txt"), "carol|user,auditor|" + hash + "\n");
        Map<String, String> settings = Map.of(
                DemoSettings.DATA,
                data.toString(),
                DemoSettings.USERS_FILE,
                users.toString(),
                DemoSettings.ACCESS_TTL,
                "5m");
        try (DemoServer demo = new DemoServer(settings)) {
            Map<String, Object> tokens = demo.tokens("carol", "carol-pass-123");

            assertThat(tokens).containsEntry("expires_in", 300L);
            assertThat(json(demo.get("/api/me", bearer((String) tokens.get("access_token")))))
                    .containsEntry("roles", java.util.List.of("auditor", "user"));
            assertThat(demo.login("alice", "alice-demo-pass").statusCode()).isEqualTo(400); // built-in users replaced
        }
    }

    @Test
    void hmacModeWhenSecretGivenThenHs256TokensAndNothingPublished() throws Exception {
        Path data = Files.createTempDirectory("jwt-demo-hs256");
        Map<String, String> settings = Map.of(
                DemoSettings.DATA,
                data.toString(),
                DemoSettings.HMAC_SECRET,
                "a-demo-shared-secret-of-at-least-32-bytes");
        try (DemoServer demo = new DemoServer(settings)) {
            Map<String, Object> tokens = demo.tokens("admin", "admin-demo-pass");

            assertThat(SignedJWT.parse((String) tokens.get("access_token"))
                            .getHeader()
                            .getAlgorithm()
                            .getName())
                    .isEqualTo("HS256");
            assertThat(demo.get("/api/admin", bearer((String) tokens.get("access_token")))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(json(demo.get("/.well-known/jwks.json"))).containsEntry("keys", java.util.List.of());
            assertThat(Files.exists(data.resolve("signing-keys.json"))).isFalse();
        }
    }
}
