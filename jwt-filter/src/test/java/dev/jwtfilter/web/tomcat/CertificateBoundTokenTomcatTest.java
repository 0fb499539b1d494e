package dev.jwtfilter.web.tomcat;

import dev.jwtfilter.TestCertificates;
import dev.jwtfilter.web.CertificateBoundTokenServerContract;
import dev.jwtfilter.web.JwtAuthenticationFilter;
import dev.jwtfilter.web.app.TestServlets;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link CertificateBoundTokenServerContract} on embedded Tomcat 11 (named without {@code Mtls}, so that
 * {@code -Dtest=*Mtls*Test} cannot select it into the Jetty execution): an NIO connector with TLS and
 * {@code certificateVerification="optional"}. Runs in the surefire execution {@code tomcat}.
 */
class CertificateBoundTokenTomcatTest extends CertificateBoundTokenServerContract {
    private static Tomcat tomcat;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat-mtls").toString());
        Connector connector = tlsConnector();
        tomcat.setConnector(connector);
        Context context =
                tomcat.addContext("/app", Files.createTempDirectory("docbase").toString());
        FilterDef filter = new FilterDef();
        filter.setFilterName("jwt");
        filter.setFilterClass(JwtAuthenticationFilter.class.getName());
        PARAMS.forEach(filter::addInitParameter);
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("jwt");
        mapping.addURLPattern("/*");
        context.addFilterMap(mapping);
        Tomcat.addServlet(context, "me", new TestServlets.WhoAmI());
        context.addServletMapping("/me", "me");
        tomcat.start();
        port = connector.getLocalPort();
    }

    private static Connector tlsConnector() {
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setScheme("https");
        connector.setSecure(true);
        connector.setProperty("SSLEnabled", "true");
        SSLHostConfig tls = new SSLHostConfig();
        tls.setCertificateVerification("optional");
        tls.setTrustStore(TestCertificates.trusting(HOLDER.certificate(), OTHER.certificate()));
        SSLHostConfigCertificate certificate =
                new SSLHostConfigCertificate(tls, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystore(SERVER.keyStore());
        certificate.setCertificateKeystorePassword(new String(TestCertificates.PASSWORD));
        certificate.setCertificateKeyAlias("key");
        tls.addCertificate(certificate);
        connector.addSslHostConfig(tls);
        return connector;
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
}
