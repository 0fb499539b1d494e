package dev.jwtfilter.demo.launcher;

import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Runs a WAR on embedded Jetty 12 (ee10) at its root context. Port from {@code --port}, else {@code PORT},
 * else 8080; host from {@code --host}, else {@code JWT_DEMO_HOST}, else 127.0.0.1 so that a demo is not
 * exposed to the network by accident. Prints where it listens, three curl lines to try and the demo page's address.
 * Unless {@code JWT_ISSUER} is given, the demo's issuer is {@code http://localhost:PORT}, the address it prints.
 */
public final class JettyLauncher {
    /** The demo setting of its issuer, its base URL; when not given, this launcher sets it to its own. */
    static final String ISSUER = "JWT_ISSUER";

    private JettyLauncher() {}

    /**
     * Starts the server and blocks until it stops.
     *
     * @param war the WAR file to run
     * @param args {@code --port N}, {@code --host H}
     */
    public static void run(Path war, String[] args) throws Exception {
        int port = Integer.parseInt(option(args, "--port", "PORT", "8080"));
        String host = option(args, "--host", "JWT_DEMO_HOST", "127.0.0.1");
        Server server = start(war, host, port);
        int actualPort = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        System.out.println(banner(host, actualPort));
        server.join();
    }

    /** Starts a server for the WAR; the caller stops it. */
    public static Server start(Path war, String host, int port) throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false); // no product banner for scanners
        // Room for tokens up to the filter's own limit plus other headers: an 8-16 KiB token gets the
        // filter's RFC 6750 answer; a larger header still gets Jetty's 431.
        http.setRequestHeaderSize(16 * 1024);
        // Jetty's per-connection header cache matches values case-insensitively and then hands a later request
        // an earlier value's case: after "Bearer E", "Bearer eyJ..." arrives as "Bearer EyJ..." and no token
        // verifies on that connection again. Tokens are case-sensitive, so the cache must be too.
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        connector.open(); // bound before the application starts, so that its issuer can name the port (--port 0)
        WebAppContext webapp = new WebAppContext();
        webapp.setWar(war.toAbsolutePath().toString());
        webapp.setContextPath("/");
        if (setting(ISSUER) == null) {
            // Its base URL on this machine (http is accepted on localhost only); elsewhere JWT_ISSUER names the public
            // one.
            webapp.setInitParameter(ISSUER, "http://localhost:" + connector.getLocalPort());
        }
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);
        server.setStopAtShutdown(true);
        server.start();
        return server;
    }

    static String banner(String host, int port) {
        String base =
                "http://" + ("127.0.0.1".equals(host) || "0.0.0.0".equals(host) ? "localhost" : host) + ":" + port;
        return String.join(
                System.lineSeparator(),
                "jwt-demo is listening on " + base + " (Ctrl+C stops it)",
                "Try (demo users: alice / alice-demo-pass, admin / admin-demo-pass):",
                "  TOKEN=$(curl -s -X POST " + base + "/auth/login -H 'Content-Type: application/json' "
                        + "-d '{\"username\":\"alice\",\"password\":\"alice-demo-pass\"}' | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')",
                "  curl -s " + base + "/api/me -H \"Authorization: Bearer $TOKEN\"",
                "  curl -s -i " + base + "/api/admin -H \"Authorization: Bearer $TOKEN\"",
                "Or open " + base + "/ in a browser: the demo page signs in and calls the API.");
    }

    private static String option(String[] args, String flag, String variable, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (flag.equals(args[i])) {
                return args[i + 1];
            }
        }
        String value = setting(variable);
        return value == null ? fallback : value;
    }

    /** @return the system property, else the environment variable, or {@code null} when neither is set */
    private static String setting(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? null : value;
    }
}
