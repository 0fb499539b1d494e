package dev.jwtfilter.web;

import dev.jwtfilter.TestCertificates;
import dev.jwtfilter.web.app.TestServlets;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link CertificateBoundTokenServerContract} on Jetty 12 ee10: client certificates wanted by the
 * {@link SslContextFactory.Server}, and a {@link SecureRequestCustomizer} that puts them into the request.
 */
class CertificateBoundTokenMtlsJettyTest extends CertificateBoundTokenServerContract {
    private static Server server;
    private static ServerConnector connector;

    @BeforeAll
    static void startServer() throws Exception {
        server = new Server();
        connector = tlsConnector(server);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        FilterHolder filter = new FilterHolder(JwtAuthenticationFilter.class);
        PARAMS.forEach(filter::setInitParameter);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(TestServlets.WhoAmI.class), "/me");
        server.setHandler(context);
        server.start();
    }

    private static ServerConnector tlsConnector(Server server) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(SERVER.keyStore());
        tls.setKeyStorePassword(new String(TestCertificates.PASSWORD));
        tls.setTrustStore(TestCertificates.trusting(HOLDER.certificate(), OTHER.certificate()));
        tls.setWantClientAuth(true);
        HttpConfiguration https = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // the client connects to an IP address, which sends no SNI
        https.addCustomizer(secure);
        ServerConnector tlsConnector = new ServerConnector(
                server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(https));
        tlsConnector.setHost("127.0.0.1");
        tlsConnector.setPort(0);
        return tlsConnector;
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
    }

    @Override
    protected int port() {
        return connector.getLocalPort();
    }
}
