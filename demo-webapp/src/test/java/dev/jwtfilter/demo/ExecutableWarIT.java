package dev.jwtfilter.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's run command on the packaged WAR: {@code java -jar jwt-demo.war} in its own process on a
 * free loopback port; then the three curl lines it prints, run by bash exactly as printed.
 */
class ExecutableWarIT {
    private static final Path WAR = Path.of(System.getProperty("demo.war", "target/jwt-demo.war"));
    private static Process demo;
    private static final List<String> banner = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory("jwt-demo-war");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", WAR.toString(), "--port", "0")
                .redirectError(data.resolve("stderr.log").toFile());
        builder.environment().put("JWT_DEMO_DATA", data.toString());
        demo = builder.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (banner.size() < 6 && System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                banner.add(line);
            }
        }
        assertThat(banner)
                .as("banner within 90 s; stderr in " + data.resolve("stderr.log"))
                .hasSizeGreaterThanOrEqualTo(6);
    }

    @AfterAll
    static void stop() throws Exception {
        if (demo != null) {
            demo.destroy();
            if (!demo.waitFor(20, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }
    }

    private static String bash(String script) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", script)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    /**
     * The banner's login line, tried again (a few times, a second apart) while it yields no token: on a loaded
     * machine the demo's hashing limit answers a login 503 with Retry-After, as it should, and the line then
     * sets TOKEN to that error instead of a token.
     */
    private static String loggedIn(String loginLine) {
        // A refused login leaves its JSON error in TOKEN (the line's sed keeps what it cannot match): only a JWT
        // counts.
        return "for try in 1 2 3 4 5 6 7 8 9 10; do " + loginLine
                + "; [[ \"$TOKEN\" == eyJ* ]] && break; sleep 1; done";
    }

    @Test
    void warWhenPackagedThenLauncherOutsideWebInfAndMainClassSet() throws Exception {
        try (JarFile war = new JarFile(WAR.toFile())) {
            assertThat(war.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.jwtfilter.demo.launcher.Main");
            assertThat(war.getEntry("dev/jwtfilter/demo/launcher/Main.class")).isNotNull();
            List<String> webInfLib = war.stream()
                    .map(ZipEntry::getName)
                    .filter(n -> n.startsWith("WEB-INF/lib/"))
                    .toList();
            assertThat(webInfLib)
                    .isNotEmpty()
                    .noneMatch(n -> n.contains("jetty") || n.contains("servlet-api") || n.contains("launcher"));
            assertThat(war.stream().map(ZipEntry::getName))
                    .anyMatch(n -> n.startsWith("META-INF/launcher/lib/jetty-server-"));
        }
    }

    @Test
    void bannerWhenStartedThenPrintsWhereItListensAndThreeCurlLinesThatWork() throws Exception {
        assertThat(banner.get(0)).matches("jwt-demo is listening on http://localhost:\\d+ .*");
        List<String> curls = banner.subList(2, 5).stream().map(String::strip).toList();
        assertThat(curls).allMatch(line -> line.contains("curl "));
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl")),
                "curl is not installed: the printed lines were not run");

        String headers =
                bash("curl -s -i " + banner.get(0).replaceAll(".*listening on (\\S+).*", "$1") + "/api/health");
        assertThat(headers).contains("HTTP/1.1 200").doesNotContainIgnoringCase("Server: Jetty");
        String me = bash(loggedIn(curls.get(0)) + "\n" + curls.get(1));
        String admin = bash(loggedIn(curls.get(0)) + "\n" + curls.get(2));

        assertThat(me).contains("\"name\":\"alice\"", "\"roles\":[\"user\"]");
        assertThat(admin).contains("HTTP/1.1 403", "insufficient_scope");
    }

    @Test
    void launcherWhenAnEarlierRequestOnTheConnectionSentACaseVariantPrefixThenTheTokenStillArrivesIntact()
            throws Exception {
        List<String> curls = banner.subList(2, 5).stream().map(String::strip).toList();
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl")),
                "curl is not installed: the connection reuse was not tried");
        String base = banner.get(0).replaceAll(".*listening on (\\S+).*", "$1");

        // curl's --next reuses the connection: Jetty's default header cache would turn "eyJ" into "EyJ" here.
        String statuses =
                bash(loggedIn(curls.get(0)) + "\ncurl -s -o /dev/null -w '%{http_code} ' -H 'Authorization: Bearer E' "
                        + base + "/api/me --next -s -o /dev/null -w '%{http_code}' -H \"Authorization: Bearer $TOKEN\" "
                        + base + "/api/me");

        assertThat(statuses.strip()).isEqualTo("401 200");
    }

    @Test
    void discoveryWhenNoIssuerIsGivenThenTheLauncherMakesItsOwnAddressTheIssuerAndTheWalkEndsInA200() throws Exception {
        String base = banner.get(0).replaceAll(".*listening on (\\S+).*", "$1");
        URI api = URI.create(base + "/api/me");

        DiscoveryClient.Discovered found = DiscoveryClient.discover(api);
        HttpResponse<String> token = passwordGrant(found.tokenEndpoint());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        HttpResponse<String> me = DiscoveryClient.get(
                api, "Authorization", "Bearer " + DemoServer.json(token).get("access_token"));

        assertThat(found.server().get("issuer")).isEqualTo(base);
        assertThat(base).matches("http://localhost:\\d+");
        assertThat(me.statusCode()).isEqualTo(200);
    }

    /**
     * Alice's password grant, asked again (at most ten times, after the Retry-After it names) while it is refused
     * 503: on a loaded machine the demo's hashing limit does that, as it should.
     */
    private static HttpResponse<String> passwordGrant(URI tokenEndpoint) throws Exception {
        HttpResponse<String> response = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            response = DPoPClient.postForm(
                    tokenEndpoint,
                    java.util.Map.of("grant_type", "password", "username", "alice", "password", "alice-demo-pass"));
            if (response.statusCode() != 503) {
                break;
            }
            TimeUnit.SECONDS.sleep(
                    Long.parseLong(response.headers().firstValue("Retry-After").orElse("1")));
        }
        return response;
    }

    @Test
    void pageWhenStartedFromTheWarThenTheRootLeadsToItAndLauncherClassesNotPublic() throws Exception {
        String base = banner.get(0).replaceAll(".*listening on (\\S+).*", "$1");
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> page = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build()
                .send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> script = http.send(
                HttpRequest.newBuilder(URI.create(base + "/app/demo.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        // The launcher sits at the WAR's root, where the default servlet could serve it: only the page is public.
        HttpResponse<String> launcher = http.send(
                HttpRequest.newBuilder(URI.create(base + "/dev/jwtfilter/demo/launcher/Main.class"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/app/");
        assertThat(page.body()).contains("<title>jwt-filter demo</title>");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'self'"));
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(launcher.statusCode()).isEqualTo(401);
        assertThat(banner).anyMatch(line -> line.contains("open " + base + "/ in a browser"));
    }

    @Test
    void docsWhenStartedFromTheWarThenSwaggerUiAndTheDocumentAnswerWithoutATokenAndTheWebjarStaysBehindTheFilter()
            throws Exception {
        String base = banner.get(0).replaceAll(".*listening on (\\S+).*", "$1");
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();

        HttpResponse<String> docs = http.send(
                HttpRequest.newBuilder(URI.create(base + "/docs")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> bundle = http.send(
                HttpRequest.newBuilder(URI.create(base + "/docs/swagger-ui-bundle.js"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> document = http.send(
                HttpRequest.newBuilder(URI.create(base + "/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        // Jetty also serves the jar's META-INF/resources: that path is not public, so nothing but /docs/ shows it.
        HttpResponse<String> webjar = http.send(
                HttpRequest.newBuilder(URI.create(base + "/webjars/swagger-ui/5.34.1/index.html"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.uri().getPath()).isEqualTo("/docs/");
        assertThat(docs.body()).contains("<script src=\"swagger-ui-bundle.js\" defer></script>");
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.body()).contains("SwaggerUIBundle");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).contains("\"openapi\": \"3.1.0\"", "\"tokenUrl\": \"/auth/login\"");
        assertThat(webjar.statusCode()).isEqualTo(401);
    }
}
