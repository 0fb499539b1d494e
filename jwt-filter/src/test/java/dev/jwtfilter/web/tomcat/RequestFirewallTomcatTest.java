package dev.jwtfilter.web.tomcat;

import dev.jwtfilter.web.JwtAuthenticationFilter;
import dev.jwtfilter.web.app.CatchAllResource;
import dev.jwtfilter.web.internal.RequestFirewallServerContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link RequestFirewallServerContract} on embedded Tomcat 11 with Jersey. Runs in the surefire execution
 * {@code tomcat}, whose class path holds Tomcat's Servlet API instead of Jetty's.
 */
class RequestFirewallTomcatTest extends RequestFirewallServerContract {
    private static Tomcat tomcat;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat-firewall").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        addContext("/strict", null);
        addContext("/lenient", ALLOW_ALL);
        tomcat.start();
        port = connector.getLocalPort();
    }

    private static void addContext(String path, String allow) throws Exception {
        Path docBase = Files.createTempDirectory("docbase");
        Files.writeString(docBase.resolve("index.html"), WELCOME_PAGE);
        Context context = tomcat.addContext(path, docBase.toString());
        // Tomcat maps "/" to the welcome file itself: servlet path /index.html for a request URI ending in "/".
        Tomcat.addServlet(context, "default", new DefaultServlet());
        context.addServletMapping("/", "default");
        Tomcat.addDefaultMimeTypeMappings(context);
        context.addWelcomeFile("index.html");
        FilterDef filter = new FilterDef();
        filter.setFilterName("jwt");
        filter.setFilterClass(JwtAuthenticationFilter.class.getName());
        PARAMS.forEach(filter::addInitParameter);
        if (allow != null) {
            filter.addInitParameter("jwt.firewall.allow", allow);
        }
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("jwt");
        mapping.addURLPattern("/*");
        context.addFilterMap(mapping);
        Tomcat.addServlet(context, "jersey", new ServletContainer(new ResourceConfig(CatchAllResource.class)));
        context.addServletMapping("/api/*", "jersey");
    }

    @AfterAll
    static void stopServer() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    @Override
    protected int port() {
        return port;
    }

    @Override
    protected List<String> bypassShapes() {
        return Stream.concat(
                        Stream.of(
                                "/api/orders/123/../../health",
                                "/api/orders/123/%2e%2e/%2e%2e/health",
                                "/api/orders/123/%2E%2E/%2E%2E/health",
                                "/api/orders/123/..;/..;/health"),
                        ENCODED_LETTER_SHAPES.stream())
                .toList();
    }
}
