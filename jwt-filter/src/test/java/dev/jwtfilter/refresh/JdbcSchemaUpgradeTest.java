package dev.jwtfilter.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.TestKeys;
import dev.jwtfilter.refresh.RotationOutcome.Reason;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A database made by the store before DPoP binding (its DDL copied here as it was) keeps working once this version
 * opens it: the {@code dpop_jkt}, {@code auth_time} and {@code acr} columns are added, no row is lost, old families
 * stay unbound and without a login, new ones can be bound and remember theirs.
 * On H2 and on a real PostgreSQL, each in a database of its own.
 */
class JdbcSchemaUpgradeTest {
    /** The schema as {@code JdbcSchema} created it before DPoP-bound families. */
    private static final List<String> OLD_DDL = List.of(
            "CREATE TABLE IF NOT EXISTS jwt_refresh_family ("
                    + "id VARCHAR(64) PRIMARY KEY, "
                    + "subject VARCHAR(255) NOT NULL, "
                    + "created_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "expires_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "last_used_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "revoked_at TIMESTAMP WITH TIME ZONE, "
                    + "revoked_reason VARCHAR(32))",
            "CREATE INDEX IF NOT EXISTS jwt_refresh_family_subject ON jwt_refresh_family (subject)",
            "CREATE TABLE IF NOT EXISTS jwt_refresh_token ("
                    + "token_hash CHAR(64) PRIMARY KEY, "
                    + "family_id VARCHAR(64) NOT NULL REFERENCES jwt_refresh_family (id), "
                    + "issued_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "used_at TIMESTAMP WITH TIME ZONE)",
            "CREATE INDEX IF NOT EXISTS jwt_refresh_token_family ON jwt_refresh_token (family_id)");

    private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");
    private static final RefreshTokenSettings RULES = RefreshTokenSettings.defaults();
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("h2"), Arguments.of("postgresql"));
    }

    private static DataSource freshDatabase(String kind) throws Exception {
        String name = "upgrade_" + UUID.randomUUID().toString().replace("-", "");
        if (kind.equals("h2")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
            return h2;
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement statement = c.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return postgres.getDatabase("postgres", name);
    }

    /** The old schema with one family and its current token, written as the old store wrote them. */
    private static String oldDatabaseWithOneLogin(DataSource db, String familyId) throws Exception {
        String token = OpaqueTokens.hash(UUID.randomUUID().toString());
        try (Connection c = db.getConnection();
                Statement statement = c.createStatement()) {
            for (String ddl : OLD_DDL) {
                statement.execute(ddl);
            }
            insert(
                    c,
                    "INSERT INTO jwt_refresh_family (id, subject, created_at, expires_at, last_used_at) "
                            + "VALUES (?, ?, ?, ?, ?)",
                    familyId,
                    "alice",
                    at(T0),
                    at(T0.plus(Duration.ofDays(14))),
                    at(T0));
            insert(
                    c,
                    "INSERT INTO jwt_refresh_token (token_hash, family_id, issued_at) VALUES (?, ?, ?)",
                    token,
                    familyId,
                    at(T0));
        }
        return token;
    }

    private static void insert(Connection c, String sql, Object... values) throws Exception {
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, values[i]);
            }
            insert.executeUpdate();
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String boundKeyOf(DataSource db, String familyId) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT dpop_jkt FROM jwt_refresh_family WHERE id = ?")) {
            select.setString(1, familyId);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).as("family row kept").isTrue();
                return row.getString(1);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void openWhenTablesMadeByOldSchemaThenColumnAddedAndOldFamilyStillRotatesUnbound(String kind) throws Exception {
        DataSource db = freshDatabase(kind);
        String familyId = UUID.randomUUID().toString();
        String oldToken = oldDatabaseWithOneLogin(db, familyId);

        JdbcRefreshTokenStore store = new JdbcRefreshTokenStore(db);
        String successor = OpaqueTokens.hash(UUID.randomUUID().toString());

        assertThat(boundKeyOf(db, familyId)).isNull();
        assertThat(store.rotate(oldToken, successor, T0.plusSeconds(60), RULES))
                .isEqualTo(new RotationOutcome.Rotated(familyId, "alice", T0.plus(Duration.ofDays(14))));
        assertThat(new JdbcRefreshTokenStore(db).rotate(oldToken, OpaqueTokens.hash("x"), T0.plusSeconds(61), RULES))
                .as("opened again: reuse of the old family's used token is still detected")
                .isEqualTo(new RotationOutcome.Rejected(Reason.REUSED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void openWhenTablesMadeByOldSchemaThenNewFamiliesCanBeBound(String kind) throws Exception {
        DataSource db = freshDatabase(kind);
        oldDatabaseWithOneLogin(db, UUID.randomUUID().toString());
        JdbcRefreshTokenStore store = new JdbcRefreshTokenStore(db);
        String key = TestKeys.EC.computeThumbprint().toString();
        RefreshFamily family =
                new RefreshFamily(UUID.randomUUID().toString(), "bob", T0, T0.plus(Duration.ofDays(14)), key);
        String first = OpaqueTokens.hash(UUID.randomUUID().toString());

        store.createFamily(family, first);

        assertThat(boundKeyOf(db, family.id())).isEqualTo(key);
        assertThat(store.rotate(first, OpaqueTokens.hash("y"), null, T0.plusSeconds(1), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.WRONG_DPOP_KEY));
        assertThat(store.rotate(first, OpaqueTokens.hash("y"), key, T0.plusSeconds(2), RULES))
                .isInstanceOf(RotationOutcome.Rotated.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void openWhenTablesMadeByOldSchemaThenOldFamiliesHaveNoLoginAndNewOnesKeepTheirs(String kind) throws Exception {
        DataSource db = freshDatabase(kind);
        String oldFamily = UUID.randomUUID().toString();
        String oldToken = oldDatabaseWithOneLogin(db, oldFamily);
        JdbcRefreshTokenStore store = new JdbcRefreshTokenStore(db);
        UserAuthentication login = new UserAuthentication(T0, "urn:test:acr:password");
        RefreshFamily family =
                new RefreshFamily(UUID.randomUUID().toString(), "bob", T0, T0.plus(Duration.ofDays(14)), null, login);
        String first = OpaqueTokens.hash(UUID.randomUUID().toString());
        store.createFamily(family, first);

        RotationOutcome old = store.rotate(oldToken, OpaqueTokens.hash("a"), T0.plusSeconds(1), RULES);
        RotationOutcome fresh = store.rotate(first, OpaqueTokens.hash("b"), T0.plusSeconds(2), RULES);

        assertThat(old)
                .isInstanceOfSatisfying(
                        RotationOutcome.Rotated.class,
                        r -> assertThat(r.authentication()).isNull());
        assertThat(fresh)
                .isInstanceOfSatisfying(
                        RotationOutcome.Rotated.class,
                        r -> assertThat(r.authentication()).isEqualTo(login));
    }
}
