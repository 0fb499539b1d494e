package dev.jwtfilter.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The statements both stores run, on H2 in memory. */
class SqlTest {
    private static final Instant T0 = Instant.parse("2026-11-29T12:00:00.123456Z");
    private Connection c;

    @BeforeEach
    void open() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID());
        c = h2.getConnection();
        Sql.execute(
                c,
                List.of(
                        "CREATE TABLE IF NOT EXISTS item (name VARCHAR(20) PRIMARY KEY, "
                                + "at TIMESTAMP WITH TIME ZONE)",
                        "CREATE TABLE IF NOT EXISTS item (name INT)"));
    }

    @AfterEach
    void close() throws Exception {
        c.close();
    }

    private Instant at(String name) throws Exception {
        try (ResultSet row = c.createStatement().executeQuery("SELECT at FROM item WHERE name = '" + name + "'")) {
            row.next();
            return Sql.instant(row, 1);
        }
    }

    @Test
    void updateWhenAnInstantIsBoundThenStoredAsTheSameInstantInUtc() throws Exception {
        int inserted = Sql.update(c, "INSERT INTO item VALUES (?, ?), (?, ?)", "a", T0, "b", null);

        assertThat(inserted).isEqualTo(2);
        assertThat(at("a")).isEqualTo(T0);
        assertThat(at("b")).isNull();
    }

    @Test
    void executeWhenStatementsGivenThenEachRunsInTurn() throws Exception {
        Sql.execute(c, List.of("INSERT INTO item (name) VALUES ('a')", "UPDATE item SET name = 'b' WHERE name = 'a'"));

        assertThat(at("b")).isNull();
        assertThat(Sql.update(c, "DELETE FROM item")).isEqualTo(1);
    }

    @Test
    void updateWhenNothingMatchesThenZero() throws Exception {
        assertThat(Sql.update(c, "UPDATE item SET at = ? WHERE name = ?", T0, "none"))
                .isZero();
    }

    @Test
    void timestampWhenGivenAnInstantThenUtcOffset() {
        assertThat(Sql.timestamp(T0).getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(Sql.timestamp(T0).toInstant()).isEqualTo(T0);
    }
}
