package dev.jwtfilter.web;

import static dev.jwtfilter.TestTokens.claimsAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.event.AuthEvent;
import dev.jwtfilter.event.AuthEventCounters;
import dev.jwtfilter.event.AuthEventListener;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.web.app.TestServlets;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Auth events from the filter in a real Jetty server, with a listener registered by class name through
 * {@code jwt.events.listener} as {@code web.xml} would: the filter's own refusals (no token, no role) and
 * the counters it publishes as a servlet-context attribute.
 */
class JwtAuthenticationFilterEventsJettyTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Server server;
    private static ServletContextHandler context;
    private static URI base;

    /** Registered by class name; records into a static list, as the filter makes its own instance. */
    public static final class Recording implements AuthEventListener {
        static final List<AuthEvent> EVENTS = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(AuthEvent event) {
            EVENTS.add(event);
        }
    }

    @BeforeAll
    static void startServer() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        context = new ServletContextHandler("/app");
        FilterHolder filter = new FilterHolder(JwtAuthenticationFilter.class);
        filter.setInitParameter("jwt.issuer", TestTokens.ISSUER);
        filter.setInitParameter("jwt.audiences", TestTokens.AUDIENCE);
        filter.setInitParameter("jwt.public-key", TestKeys.publicJwks(TestKeys.RSA));
        filter.setInitParameter("jwt.public-paths", "/public/*");
        filter.setInitParameter("jwt.events.listener", Recording.class.getName());
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(TestServlets.WhoAmI.class), "/me");
        context.addServlet(new ServletHolder(TestServlets.WhoAmI.class), "/public/*");
        context.addServlet(new ServletHolder(TestServlets.Admin.class), "/admin");
        context.addServlet(new ServletHolder(TestServlets.Mixed.class), "/mixed");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
    }

    @BeforeEach
    void forgetEvents() {
        Recording.EVENTS.clear();
    }

    private static String alice() {
        return TestTokens.sign(
                TestKeys.RSA, JWSAlgorithm.RS256, claimsAt(Instant.now()).build());
    }

    private static int send(String method, String path, String... authorization) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
        for (String value : authorization) {
            request.header("Authorization", value);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static List<AuthEventReason> reasons() {
        return Recording.EVENTS.stream().map(AuthEvent::reason).toList();
    }

    @Test
    void requestWhenAuthenticatedWithoutTheRoleThenAcceptedThenInsufficientRoleWithSubject() throws Exception {
        assertThat(send("GET", "/admin", "Bearer " + alice())).isEqualTo(403);

        assertThat(reasons()).containsExactly(AuthEventReason.ACCEPTED, AuthEventReason.INSUFFICIENT_ROLE);
        assertThat(Recording.EVENTS.get(1).issuer()).isEqualTo(TestTokens.ISSUER);
        assertThat(Recording.EVENTS.get(1).subject()).isEqualTo("alice");
    }

    @Test
    void requestWhenDenyAllThenInsufficientRole() throws Exception {
        assertThat(send("DELETE", "/mixed", "Bearer " + alice())).isEqualTo(403);

        assertThat(reasons()).containsExactly(AuthEventReason.ACCEPTED, AuthEventReason.INSUFFICIENT_ROLE);
    }

    @Test
    void requestWhenNoTokenThenMissingOnlyWhereTheFilterAnswers401() throws Exception {
        assertThat(send("GET", "/me")).isEqualTo(401);
        assertThat(send("GET", "/public/info")).isEqualTo(200);
        assertThat(send("GET", "/mixed")).isEqualTo(200); // @PermitAll

        assertThat(reasons()).containsExactly(AuthEventReason.MISSING);
    }

    @Test
    void requestWhenBadTokenThenOneRefusalEventEvenWhereThePathIsPublic() throws Exception {
        assertThat(send("GET", "/me", "Bearer not.a.jwt")).isEqualTo(401);
        assertThat(send("GET", "/public/info", "Bearer not.a.jwt")).isEqualTo(200);

        assertThat(reasons()).containsExactly(AuthEventReason.MALFORMED, AuthEventReason.MALFORMED);
    }

    @Test
    void initWhenStartedThenCountersPublishedAsContextAttributeAndCounting() throws Exception {
        AuthEventCounters counters = (AuthEventCounters)
                context.getServletContext().getAttribute(JwtAuthenticationFilter.EVENT_COUNTERS_ATTRIBUTE);
        long missing = counters.count(AuthEventReason.MISSING);
        long accepted = counters.count(AuthEventReason.ACCEPTED);

        send("GET", "/me");
        send("GET", "/me", "Bearer " + alice());

        assertThat(counters.count(AuthEventReason.MISSING)).isEqualTo(missing + 1);
        assertThat(counters.count(AuthEventReason.ACCEPTED)).isEqualTo(accepted + 1);
        assertThat(context.getServletContext().getAttribute(JwtAuthenticationFilter.EVENT_LISTENER_ATTRIBUTE))
                .isInstanceOf(AuthEventListener.class);
    }
}
