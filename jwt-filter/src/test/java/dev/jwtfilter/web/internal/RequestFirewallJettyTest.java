package dev.jwtfilter.web.internal;

import dev.jwtfilter.web.JwtAuthenticationFilter;
import dev.jwtfilter.web.app.CatchAllResource;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link RequestFirewallServerContract} on embedded Jetty 12 ee10 with Jersey. */
class RequestFirewallJettyTest extends RequestFirewallServerContract {
    private static Server server;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Sequence(context("/strict", null), context("/lenient", ALLOW_ALL)));
        server.start();
        port = connector.getLocalPort();
    }

    private static ServletContextHandler context(String path, String allow) throws IOException {
        Path docBase = Files.createTempDirectory("docbase");
        Files.writeString(docBase.resolve("index.html"), WELCOME_PAGE);
        ServletContextHandler context = new ServletContextHandler(path);
        context.setBaseResourceAsPath(docBase);
        context.setWelcomeFiles(new String[] {"index.html"});
        context.addServlet(DefaultServlet.class, "/");
        FilterHolder filter = new FilterHolder(JwtAuthenticationFilter.class);
        PARAMS.forEach(filter::setInitParameter);
        if (allow != null) {
            filter.setInitParameter("jwt.firewall.allow", allow);
        }
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(
                new ServletHolder(new ServletContainer(new ResourceConfig(CatchAllResource.class))), "/api/*");
        return context;
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
    }

    @Override
    protected int port() {
        return port;
    }

    @Override
    protected List<String> bypassShapes() {
        // Jetty's own URI compliance answers 400 to the encoded shapes; raw dot segments it resolves.
        return java.util.stream.Stream.concat(
                        Stream.of("/api/orders/123/../../health", "/api/orders;x=1/123/../../health"),
                        ENCODED_LETTER_SHAPES.stream())
                .toList();
    }
}
