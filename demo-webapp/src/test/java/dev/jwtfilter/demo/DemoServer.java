package dev.jwtfilter.demo;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The demo web application (its real web.xml and classes) on a real Jetty 12 server bound to a random
 * loopback port, with its settings given as context init-parameters, and a small HTTP client for it. Its issuer is
 * its base URL, {@code http://127.0.0.1:PORT}, unless the settings name another.
 */
final class DemoServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Server server;
    private final WebAppContext webapp;
    private final URI base;

    DemoServer(Map<String, String> settings) throws Exception {
        this(settings, Map.of());
    }

    /**
     * @param settings the demo's settings, as context init-parameters
     * @param attributes servlet-context attributes set before the application starts, such as
     *     {@link DemoBootstrap#LOGIN_CLOCK_ATTRIBUTE}
     */
    DemoServer(Map<String, String> settings, Map<String, Object> attributes) throws Exception {
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(16 * 1024); // as the launcher
        http.setHeaderCacheCaseSensitive(true); // as the launcher: tokens are case-sensitive
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        connector.open(); // as the launcher: the port is known before the demo starts, for its issuer
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
        webapp = new WebAppContext();
        webapp.setBaseResourceAsPath(Path.of("src/main/webapp"));
        webapp.setContextPath("/");
        webapp.setParentLoaderPriority(true); // classes come from the test class path
        webapp.setThrowUnavailableOnStartupException(true);
        webapp.setInitParameter(DemoSettings.ISSUER, base.toString()); // as the launcher's http://localhost:PORT
        settings.forEach(webapp::setInitParameter);
        attributes.forEach(webapp::setAttribute);
        if (!settings.containsKey(DemoSettings.HASH_CPU)) {
            // Tests that are not about login floods let hashing use a whole core, so logins do not queue.
            webapp.setInitParameter(DemoSettings.HASH_CPU, "1");
        }
        server.setHandler(webapp);
        server.start();
    }

    URI base() {
        return base;
    }

    /** @return the {@code resource_metadata} parameter of the demo's 401 challenges (RFC 9728 section 5.1) */
    String resourceMetadata() {
        return "resource_metadata=\"" + issuer() + "/.well-known/oauth-protected-resource\"";
    }

    /** @return the demo's issuer: {@link DemoSettings#ISSUER} when the test gave one, else its base URL */
    String issuer() {
        return webapp.getInitParameter(DemoSettings.ISSUER);
    }

    /** @return the demo's servlet context, for its servlet registrations */
    ServletContext servletContext() {
        return webapp.getServletContext();
    }

    /** @return the instance of the demo's servlet registered under that name, once started */
    Servlet servlet(String name) {
        Servlet servlet = webapp.getServletHandler().getServlet(name).getServletInstance();
        // Jetty wraps a servlet that is not async-supported; the test wants the demo's own object.
        return servlet instanceof ServletHolder.Wrapper wrapper ? wrapper.getWrapped() : servlet;
    }

    /** @return the demo's servlet-context attribute of that name, or {@code null} */
    Object attribute(String name) {
        return webapp.getServletContext().getAttribute(name);
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), headers);
    }

    HttpResponse<String> post(String path, String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request, headers);
    }

    HttpResponse<String> postJson(String path, String json) throws Exception {
        return post(path, "application/json", json);
    }

    HttpResponse<String> login(String username, String password) throws Exception {
        return postJson("/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    /** @return the parsed token response of a successful login */
    Map<String, Object> tokens(String username, String password) throws Exception {
        HttpResponse<String> response = login(username, password);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("login failed: " + response.statusCode() + " " + response.body());
        }
        return json(response);
    }

    static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        return JSONObjectUtils.parse(response.body());
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    /**
     * One request over a plain socket, for assertions on the exact bytes of an answer.
     *
     * @return the whole answer as sent (status line, headers in their order, body), without the {@code Date} line
     */
    String raw(String method, String path, String authorization) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            String request = method + " " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nAuthorization: "
                    + authorization + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return answer.replaceFirst("(?m)^Date: [^\r\n]*\r\n", "");
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String... headers) throws Exception {
        for (String authorization : headers) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("demo server did not stop", e);
        }
    }
}
