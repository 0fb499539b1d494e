package dev.jwtfilter.it.jetty;

import dev.jwtfilter.it.support.DemoScenarios.Deployment;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A WAR file deployed into its own embedded Jetty 12 ee10 server on 127.0.0.1. */
public final class JettyNode implements AutoCloseable {
    private final Server server;
    private final int port;

    private JettyNode(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Deploys the WAR at the root context on a free port (or {@code port}, to restart in place). */
    public static JettyNode start(Path war, Map<String, String> contextParams, int port) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        WebAppContext webapp = new WebAppContext();
        webapp.setWar(war.toString());
        webapp.setContextPath("/");
        webapp.setThrowUnavailableOnStartupException(true);
        contextParams.forEach(webapp::setInitParameter);
        server.setHandler(webapp);
        server.start();
        return new JettyNode(server, connector.getLocalPort());
    }

    public static JettyNode start(Path war, Map<String, String> contextParams) throws Exception {
        return start(war, contextParams, 0);
    }

    public static Deployment deploy(Path war, Map<String, String> contextParams) throws Exception {
        JettyNode node = start(war, contextParams);
        return new Deployment(node.base(), node);
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
