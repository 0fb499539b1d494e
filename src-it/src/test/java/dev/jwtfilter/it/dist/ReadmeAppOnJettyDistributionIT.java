package dev.jwtfilter.it.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.it.support.DeployedWars;
import dev.jwtfilter.it.support.Http;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * README's app on the Jetty 12 distribution (jetty-home from Maven Central) in a fresh base made with
 * {@code --add-modules=http,ee10-deploy,ee10-annotations}, plus README's two files that make the header
 * cache case-sensitive.
 */
class ReadmeAppOnJettyDistributionIT extends DistributionScenarios {
    /** README's {@code $JETTY_BASE/etc/jetty-header-cache.xml}. */
    static final String HEADER_CACHE_XML = """
            <?xml version="1.0"?><!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
            <Configure id="httpConfig" class="org.eclipse.jetty.server.HttpConfiguration">
              <Set name="headerCacheCaseSensitive">true</Set>
            </Configure>
            """;

    @Override
    protected ServerProcess startDistribution(Path war, Map<String, String> environment) throws Exception {
        return Distributions.jetty(
                "jetty-12",
                Distributions.home("it.dist.jetty"),
                war,
                environment,
                Distributions.JETTY_MODULES,
                Map.of(
                        "etc/jetty-header-cache.xml",
                        HEADER_CACHE_XML,
                        "start.d/header-cache.ini",
                        "etc/jetty-header-cache.xml\n"));
    }

    /**
     * Jetty's header cache, left case-insensitive, would hand the valid token the case of the earlier value
     * ({@code Bearer EyJ...}) on the same connection; README's XML file keeps the token intact.
     */
    @ParameterizedTest(name = "after Bearer {0}")
    @ValueSource(strings = {"E", "EY", "EYJ", "Ey"})
    void helloWhenEarlierRequestOnTheConnectionSentACaseVariantPrefixThenValidTokenStillAccepted(String earlier)
            throws Exception {
        String valid = validToken();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), app().getPort())) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            for (String token : new String[] {earlier, valid}) {
                socket.getOutputStream()
                        .write(("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1));
                assertThat(readStatus(in)).startsWith(token.equals(valid) ? "HTTP/1.1 200 " : "HTTP/1.1 401 ");
            }
        }
    }

    /**
     * Without {@code ee10-annotations} the distribution provides no {@code jakarta.annotation-api} (README's WAR
     * does not bundle it): the filter must refuse to start with an error that names the module, and the
     * application must answer nothing but 503, never without its filter.
     */
    @Test
    void startWhenEe10AnnotationsModuleMissingThenFilterRefusesToStartNamingTheModule() throws Exception {
        try (ServerProcess bare = Distributions.jetty(
                "jetty-12-without-annotations",
                Distributions.home("it.dist.jetty"),
                DeployedWars.readmeApp(),
                Map.of(),
                "http,ee10-deploy",
                Map.of(),
                503)) {
            assertThat(bare.log())
                    .contains(
                            "JWT authentication (filter 'jwt') not started",
                            "jakarta.annotation-api",
                            "enable the ee10-annotations module");
            HttpResponse<String> response = Http.get(bare.base().resolve("/hello"), Http.bearer(validToken()));
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).doesNotContain("Exception", "\tat ");
        }
    }

    /** @return the status line of one HTTP/1.1 response, its body (Content-Length or chunked) consumed */
    private static String readStatus(InputStream in) throws IOException {
        String head = readUntil(in, "\r\n\r\n");
        Matcher length = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(head);
        if (length.find()) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        } else if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
            readUntil(in, "\r\n0\r\n\r\n");
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed before " + end.strip() + ": " + text);
            }
            text.append((char) b);
        }
        return text.toString();
    }
}
