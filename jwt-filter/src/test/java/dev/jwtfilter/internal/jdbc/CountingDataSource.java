package dev.jwtfilter.internal.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A real data source whose connections count what a store asks of them: each {@link Connection} method called, and
 * the SQL of each statement prepared. On PostgreSQL each prepared statement run and each isolation-level read or
 * change is a round trip to the database, so these counts are the round trips a store makes.
 */
public final class CountingDataSource implements DataSource {
    private final DataSource real;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<String> prepared = new CopyOnWriteArrayList<>();

    /** @param real the data source that makes the connections */
    public CountingDataSource(DataSource real) {
        this.real = real;
    }

    /**
     * @param method a {@link Connection} method's name
     * @return how often it was called since the last {@link #reset()}
     */
    public int calls(String method) {
        AtomicInteger count = calls.get(method);
        return count == null ? 0 : count.get();
    }

    /** @return the SQL of every statement prepared since the last {@link #reset()}, in order */
    public List<String> prepared() {
        return List.copyOf(prepared);
    }

    /** Forgets every count. */
    public void reset() {
        calls.clear();
        prepared.clear();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return counting(real.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return counting(real.getConnection(username, password));
    }

    private Connection counting(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            calls.computeIfAbsent(method.getName(), name -> new AtomicInteger()).incrementAndGet();
            if (method.getName().equals("prepareStatement")) {
                prepared.add((String) args[0]);
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(
                CountingDataSource.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return real.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        real.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        real.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return real.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return real.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return real.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return real.isWrapperFor(iface);
    }
}
