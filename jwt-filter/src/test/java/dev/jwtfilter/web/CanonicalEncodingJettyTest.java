package dev.jwtfilter.web;

import static dev.jwtfilter.TestTokens.claimsAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.event.AuthEvent;
import dev.jwtfilter.event.AuthEventListener;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.web.app.TestServlets;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One encoding per token (RFC 7515 section 2) over HTTP, for HS256, RS256 and ES256: the filter in a real Jetty
 * server, one context per algorithm configured through init-params as {@code web.xml} would. Each re-encoding of
 * each part of a token the context accepts is refused: 401 {@code invalid_token} with a {@code malformed} event
 * when the header value is still an RFC 6750 {@code b64token}, 400 {@code invalid_request} when the variant puts
 * {@code =} inside it (padding of the header or the payload), which the header syntax refuses first.
 */
class CanonicalEncodingJettyTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Server server;
    private static String base;

    /** Registered by class name; the filters of all three contexts record here. */
    public static final class Recording implements AuthEventListener {
        static final List<AuthEvent> EVENTS = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(AuthEvent event) {
            EVENTS.add(event);
        }
    }

    /** An algorithm, the key that signs with it, and the key setting of the context that verifies it. */
    enum Alg {
        HS256(JWSAlgorithm.HS256, TestKeys.HMAC, Map.of("jwt.hmac-secret", TestKeys.HMAC_SECRET)),
        RS256(JWSAlgorithm.RS256, TestKeys.RSA, Map.of("jwt.public-key", TestKeys.publicJwks(TestKeys.RSA))),
        ES256(JWSAlgorithm.ES256, TestKeys.EC, Map.of("jwt.public-key", TestKeys.publicJwks(TestKeys.EC)));

        final JWSAlgorithm algorithm;
        final JWK key;
        final Map<String, String> keyParams;

        Alg(JWSAlgorithm algorithm, JWK key, Map<String, String> keyParams) {
            this.algorithm = algorithm;
            this.key = key;
            this.keyParams = keyParams;
        }

        String path() {
            return "/" + name().toLowerCase(java.util.Locale.ROOT) + "/me";
        }
    }

    /** The four re-encodings RFC 7515 section 2 rules out and Nimbus' lenient decoder reads as the same bytes. */
    enum Variant {
        PLUS_AND_SLASH(p -> p.replace('-', '+').replace('_', '/')),
        PADDING(p -> p + "=".repeat(4 - p.length() % 4)),
        UNUSED_BITS_SET(p ->
                p.substring(0, p.length() - 1) + ALPHABET.charAt(ALPHABET.indexOf(p.charAt(p.length() - 1)) | 1)),
        LENGTH_ONE_MORE_THAN_A_MULTIPLE_OF_FOUR(
                p -> p.length() % 4 == 0 ? p + "A" : p.substring(0, p.length() - p.length() % 4 + 1));

        final UnaryOperator<String> apply;

        Variant(UnaryOperator<String> apply) {
            this.apply = apply;
        }
    }

    @BeforeAll
    static void startServer() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Sequence(Arrays.stream(Alg.values())
                .map(CanonicalEncodingJettyTest::context)
                .toArray(Handler[]::new)));
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    private static ServletContextHandler context(Alg alg) {
        ServletContextHandler context =
                new ServletContextHandler("/" + alg.name().toLowerCase(java.util.Locale.ROOT));
        FilterHolder filter = new FilterHolder(JwtAuthenticationFilter.class);
        filter.setInitParameter("jwt.issuer", TestTokens.ISSUER);
        filter.setInitParameter("jwt.audiences", TestTokens.AUDIENCE);
        filter.setInitParameter("jwt.events.listener", Recording.class.getName());
        alg.keyParams.forEach(filter::setInitParameter);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(TestServlets.WhoAmI.class), "/me");
        return context;
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
    }

    static Stream<Arguments> everyVariantOfEveryPartForEachAlgorithm() {
        return Arrays.stream(Alg.values())
                .flatMap(alg -> Stream.of(0, 1, 2)
                        .flatMap(part ->
                                Arrays.stream(Variant.values()).map(variant -> Arguments.of(alg, part, variant))));
    }

    /**
     * A valid token each of whose parts holds a {@code -} or {@code _} and ends in a partial base64url group, so
     * that every variant changes every part: a filler in the header and the claims grows until it does (the
     * signature's length is fixed by the algorithm: 43 characters for HS256 and RS256's 342, 86 for ES256).
     */
    private static String[] suitableParts(Alg alg) {
        for (String filler = "?????"; filler.length() < 200; filler += "?") {
            JWSHeader header = TestTokens.header(alg.algorithm, alg.key)
                    .customParam("q", filler)
                    .build();
            String[] parts = TestTokens.sign(
                            alg.key,
                            header,
                            claimsAt(Instant.now()).claim("q", filler).build())
                    .split("\\.");
            if (Arrays.stream(parts).allMatch(CanonicalEncodingJettyTest::suits)) {
                return parts;
            }
        }
        throw new IllegalStateException("no token of " + alg + " suits every variant");
    }

    private static boolean suits(String part) {
        return part.length() % 4 >= 2 && (part.indexOf('-') >= 0 || part.indexOf('_') >= 0);
    }

    /** Signs exactly this header and payload text, so that only the encoding can be wrong. */
    private static String signedAsWritten(Alg alg, String header, String payload) throws JOSEException {
        String signingInput = header + "." + payload;
        return signingInput + "."
                + TestTokens.signer(alg.key)
                        .sign(new JWSHeader(alg.algorithm), signingInput.getBytes(StandardCharsets.US_ASCII));
    }

    private static HttpResponse<String> get(Alg alg, String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + alg.path()))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0}, part {1}: {2}")
    @MethodSource("everyVariantOfEveryPartForEachAlgorithm")
    void requestWhenAPartIsNotCanonicalBase64urlThenRefused(Alg alg, int part, Variant variant) throws Exception {
        String[] parts = suitableParts(alg);
        assertThat(get(alg, String.join(".", parts)).statusCode()).isEqualTo(200);
        String canonical = parts[part];
        parts[part] = variant.apply.apply(canonical);
        assertThat(parts[part]).isNotEqualTo(canonical);
        String token = part == 2 ? String.join(".", parts) : signedAsWritten(alg, parts[0], parts[1]);
        Recording.EVENTS.clear();

        HttpResponse<String> response = get(alg, token);

        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        if (token.matches("[A-Za-z0-9._~+/-]+=*")) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(challenge).contains("error=\"invalid_token\"");
            assertThat(Recording.EVENTS).extracting(AuthEvent::reason).containsExactly(AuthEventReason.MALFORMED);
        } else {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(challenge).contains("error=\"invalid_request\"");
        }
        assertThat(response.body()).doesNotContain(token).doesNotContain("Exception");
    }
}
