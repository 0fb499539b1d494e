package dev.jwtfilter.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * What one database user ran in one database since the last {@link #reset()}, read from PostgreSQL's
 * {@code pg_stat_statements} (which must be in {@code shared_preload_libraries}): each statement's calls, rows
 * (returned by a {@code SELECT}, written by an {@code INSERT}, {@code UPDATE} or {@code DELETE}) and WAL bytes.
 * A statement that failed (a duplicate key) is not counted there.
 */
final class StatementStats {
    private final DataSource admin;
    private final String user;
    private final String database;

    /** One normalized statement and what it cost. */
    record Row(String query, long calls, long rows, long walBytes, double totalMillis) {
        /** @return SELECT, SELECT FOR UPDATE, INSERT, UPDATE, DELETE, BEGIN, COMMIT, ROLLBACK, SET or OTHER */
        String kind() {
            String text = query.strip().toUpperCase(Locale.ROOT);
            String first = text.split("\\s+", 2)[0];
            if (first.equals("SELECT") && text.contains(" FOR UPDATE")) {
                return "SELECT FOR UPDATE";
            }
            return switch (first) {
                case "SELECT", "INSERT", "UPDATE", "DELETE", "BEGIN", "COMMIT", "ROLLBACK", "SET" -> first;
                default -> "OTHER";
            };
        }
    }

    StatementStats(DataSource admin, String user, String database) {
        this.admin = admin;
        this.user = user;
        this.database = database;
    }

    void reset() throws SQLException {
        try (Connection c = admin.getConnection();
                Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_statements_reset()");
        }
    }

    List<Row> rows() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = admin.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT query, calls, rows, wal_bytes, total_exec_time FROM pg_stat_statements "
                                + "WHERE userid = (SELECT oid FROM pg_roles WHERE rolname = ?) "
                                + "AND dbid = (SELECT oid FROM pg_database WHERE datname = ?) ORDER BY calls DESC, query")) {
            s.setString(1, user);
            s.setString(2, database);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new Row(
                            r.getString(1),
                            r.getLong(2),
                            r.getLong(3),
                            r.getBigDecimal(4).longValue(),
                            r.getDouble(5)));
                }
            }
        }
        return rows;
    }

    /** @return calls by kind, in the order SELECT, SELECT FOR UPDATE, INSERT, UPDATE, DELETE, then the others */
    static Map<String, long[]> byKind(List<Row> rows) {
        Map<String, long[]> kinds = new TreeMap<>();
        for (Row row : rows) {
            long[] sums = kinds.computeIfAbsent(row.kind(), k -> new long[3]);
            sums[0] += row.calls();
            sums[1] += row.rows();
            sums[2] += row.walBytes();
        }
        return kinds;
    }
}
