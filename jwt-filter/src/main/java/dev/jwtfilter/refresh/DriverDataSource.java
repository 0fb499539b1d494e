package dev.jwtfilter.refresh;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A minimal unpooled {@link DataSource} for the embedded H2 store. It finds its JDBC driver itself, with
 * the application's class loader, instead of asking {@link DriverManager}: in a servlet container the
 * manager only knows the drivers of the first web application that used it, so a redeployed or second
 * application would get "no suitable driver".
 */
final class DriverDataSource implements DataSource {
    private final String url;
    private final Driver driver;

    DriverDataSource(String url) {
        this.url = url;
        this.driver = findDriver(url);
    }

    private static Driver findDriver(String url) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        for (ClassLoader loader : new ClassLoader[] {context, DriverDataSource.class.getClassLoader()}) {
            if (loader == null) {
                continue;
            }
            for (Driver candidate : ServiceLoader.load(Driver.class, loader)) {
                try {
                    if (candidate.acceptsURL(url)) {
                        return candidate;
                    }
                } catch (SQLException e) {
                    // not this driver
                }
            }
        }
        throw new RefreshStoreException(
                "No JDBC driver for " + url.substring(0, url.indexOf(':', 5) + 1)
                        + " on the class path (add com.h2database:h2)",
                null);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connect(new Properties());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", username);
        properties.setProperty("password", password);
        return connect(properties);
    }

    private Connection connect(Properties properties) throws SQLException {
        Connection connection = driver.connect(url, properties);
        if (connection == null) {
            throw new SQLException("The JDBC driver refused " + url);
        }
        return connection;
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // not used
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // not used
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("Not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
