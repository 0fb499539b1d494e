package dev.jwtfilter.it.tomcat;

import dev.jwtfilter.it.support.DemoScenarios.Deployment;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;

/** A WAR file deployed into its own embedded Tomcat (11 or 10.1, whichever the class path holds) on 127.0.0.1. */
public final class TomcatNode implements AutoCloseable {
    private final Tomcat tomcat;
    private final int port;

    private TomcatNode(Tomcat tomcat, int port) {
        this.tomcat = tomcat;
        this.port = port;
    }

    @SuppressWarnings("deprecation") // addServletMappingDecoded: the one mapping call both Tomcat 10.1 and 11 have
    public static TomcatNode start(Path war, Map<String, String> contextParams) throws Exception {
        Tomcat tomcat = new Tomcat();
        Path base = Files.createTempDirectory("it-tomcat");
        Files.createDirectories(base.resolve("webapps")); // Tomcat expands the WAR into the host's appBase
        tomcat.setBaseDir(base.toString());
        tomcat.setAddDefaultWebXmlToWebapp(false); // no JSP engine here: add the default servlet alone
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        tomcat.getHost().setAutoDeploy(false);
        Context context = tomcat.addWebapp("", war.toString());
        Tomcat.addDefaultMimeTypeMappings(context);
        Wrapper defaultServlet = Tomcat.addServlet(context, "default", "org.apache.catalina.servlets.DefaultServlet");
        defaultServlet.setLoadOnStartup(1);
        context.addServletMappingDecoded("/", "default");
        contextParams.forEach(context::addParameter);
        tomcat.start();
        if (!context.getState().isAvailable()) {
            tomcat.stop();
            throw new IllegalStateException("The WAR did not start in " + ServerInfo.getServerInfo());
        }
        return new TomcatNode(tomcat, connector.getLocalPort());
    }

    public static Deployment deploy(Path war, Map<String, String> contextParams) throws Exception {
        TomcatNode node = start(war, contextParams);
        return new Deployment(node.base(), node);
    }

    public static String version() {
        return ServerInfo.getServerInfo();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (Exception e) {
            throw new IllegalStateException("Tomcat did not stop", e);
        }
    }
}
