package dev.jwtfilter.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.web.JwtAuthenticationFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link JwtTestKit#servletContextParams()} as the context-params of a real Jetty 12 application, whose
 * filter is declared without init-params as in {@code web.xml}: the kit's tokens pass, forgeries do not.
 */
class FilterInContainerTest {
    @RegisterExtension
    static JwtTestKit jwt =
            JwtTestKit.rs256().issuer("https://login.example.com").audience("orders-api");

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Server server;
    private static URI base;

    /** Answers with the caller's name and whether it is an admin. */
    public static class Me extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().write(req.getUserPrincipal().getName() + " admin=" + req.isUserInRole("admin"));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        jwt.servletContextParams().forEach(context::setInitParameter);
        context.addFilter(JwtAuthenticationFilter.class, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Me()), "/me");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static HttpResponse<String> get(String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve("/me"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void requestWhenKitTokenThenTheRealFilterAuthenticatesIt() throws Exception {
        HttpResponse<String> response =
                get(jwt.token().subject("alice").roles("admin").sign());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("alice admin=true");
    }

    @Test
    void requestWhenForgedOrExpiredThen401WithTheChallenge() throws Exception {
        for (String token : new String[] {
            jwt.token().signedByAnotherKey(),
            jwt.token().withAlgNone(),
            jwt.token().expired().sign()
        }) {
            HttpResponse<String> response = get(token);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(challenge ->
                            assertThat(challenge).startsWith("Bearer realm=\"jwt\", error=\"invalid_token\""));
        }
    }
}
