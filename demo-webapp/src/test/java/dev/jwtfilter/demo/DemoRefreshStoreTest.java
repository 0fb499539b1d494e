package dev.jwtfilter.demo;

import static dev.jwtfilter.demo.DemoServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's refresh-token database over time: dead families are purged on the demo's schedule while live
 * ones stay whole, a family that rotates too often gets 429 without losing its token, and the H2 files are
 * readable by their owner only.
 */
class DemoRefreshStoreTest {
    private static final int MAX_PER_MINUTE = 2;
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static Path data;
    private static DemoServer demo;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("jwt-demo-store");
        demo = new DemoServer(Map.of(
                DemoSettings.DATA,
                data.toString(),
                DemoSettings.REFRESH_PURGE_INTERVAL,
                "200ms",
                DemoSettings.REFRESH_MAX_PER_MINUTE,
                Integer.toString(MAX_PER_MINUTE)));
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    private static Connection database() throws Exception {
        return DriverManager.getConnection(
                "jdbc:h2:file:" + data.toAbsolutePath().resolve("refresh-tokens"));
    }

    private static int count(String sql, String key) throws Exception {
        try (Connection c = database();
                PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, key);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static String hash(String token) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
    }

    /** A family that ended yesterday, written the way the store writes one, with a used and a current token. */
    private static String insertDeadFamily() throws Exception {
        String family = UUID.randomUUID().toString();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = database();
                PreparedStatement insertFamily = c.prepareStatement("INSERT INTO jwt_refresh_family "
                        + "(id, subject, created_at, expires_at, last_used_at) VALUES (?, 'alice', ?, ?, ?)");
                PreparedStatement insertToken = c.prepareStatement("INSERT INTO jwt_refresh_token "
                        + "(token_hash, family_id, issued_at, used_at) VALUES (?, ?, ?, ?)")) {
            insertFamily.setString(1, family);
            insertFamily.setObject(2, now.minusDays(15));
            insertFamily.setObject(3, now.minusDays(1));
            insertFamily.setObject(4, now.minusDays(2));
            insertFamily.executeUpdate();
            for (OffsetDateTime usedAt : new OffsetDateTime[] {now.minusDays(2), null}) {
                insertToken.setString(1, hash(UUID.randomUUID().toString()));
                insertToken.setString(2, family);
                insertToken.setObject(3, now.minusDays(3));
                insertToken.setObject(4, usedAt);
                insertToken.executeUpdate();
            }
        }
        return family;
    }

    private static HttpResponse<String> refresh(String token) throws Exception {
        return demo.postJson("/auth/refresh", "{\"refresh_token\":\"" + token + "\"}");
    }

    @Test
    void purgeScheduleWhenFamilyDeadThenItsRowsAreDeletedAndLiveFamiliesStay() throws Exception {
        String login = (String) demo.tokens("alice", "alice-demo-pass").get("refresh_token");
        String live = (String) json(refresh(login)).get("refresh_token");
        String dead = insertDeadFamily();

        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (count("SELECT count(*) FROM jwt_refresh_family WHERE id = ?", dead) > 0
                && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // poll interval, not a wait for the purge
        }

        assertThat(count("SELECT count(*) FROM jwt_refresh_family WHERE id = ?", dead))
                .isZero();
        assertThat(count("SELECT count(*) FROM jwt_refresh_token WHERE family_id = ?", dead))
                .isZero();
        assertThat(count("SELECT count(*) FROM jwt_refresh_token WHERE token_hash = ?", hash(login)))
                .as("a used token of a live family is kept for reuse detection")
                .isEqualTo(1);
        assertThat(refresh(live).statusCode()).isEqualTo(200);
    }

    @Test
    void refreshWhenFamilyOverItsLimitPerMinuteThen429AndTokenStaysCurrent() throws Exception {
        String token = (String) demo.tokens("admin", "admin-demo-pass").get("refresh_token");
        for (int i = 0; i < MAX_PER_MINUTE; i++) {
            HttpResponse<String> rotated = refresh(token);
            assertThat(rotated.statusCode()).isEqualTo(200);
            token = (String) json(rotated).get("refresh_token");
        }

        HttpResponse<String> throttled = refresh(token);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(json(throttled)).containsEntry("error", "too_many_requests");
        assertThat(throttled.headers().firstValue("Retry-After").map(Long::parseLong))
                .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1L, 60L));
        assertThat(count(
                        "SELECT count(*) FROM jwt_refresh_token WHERE token_hash = ? AND used_at IS NULL", hash(token)))
                .as("the refused token is still current")
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM jwt_refresh_family f JOIN jwt_refresh_token t ON t.family_id = f.id "
                                + "WHERE t.token_hash = ? AND f.revoked_at IS NULL",
                        hash(token)))
                .as("its family is not revoked")
                .isEqualTo(1);
    }

    @Test
    void dataDirectoryWhenDemoRunsThenDatabaseFilesReadableByOwnerOnly() throws Exception {
        assumeTrue(data.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        List<Path> files;
        try (Stream<Path> list = Files.list(data)) {
            files = list.filter(p -> p.getFileName().toString().startsWith("refresh-tokens."))
                    .toList();
        }

        assertThat(files).extracting(p -> p.getFileName().toString()).contains("refresh-tokens.mv.db");
        assertThat(files)
                .allSatisfy(file -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                        .as(file.toString())
                        .isEqualTo("rw-------"));
    }
}
