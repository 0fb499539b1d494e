package dev.jwtfilter.demo.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * The demo's interactive API docs: {@code GET /openapi.json}, the hand-written OpenAPI 3.1 document of the demo's API
 * (checked against the code by {@code DemoOpenApiTest}), and {@code GET /docs/}, Swagger UI from the
 * {@code org.webjars:swagger-ui} jar with the demo's own page and initializer script, so that nothing runs inline under
 * the Content-Security-Policy ({@link SecurityHeadersFilter#DOCS_CONTENT_SECURITY_POLICY} on {@code /docs}). Only the
 * files named here are served, from the class path; every other name is a 404. Both paths are public paths of the
 * filter. Thread safe: its state is read once in {@link #init()}.
 */
public final class ApiDocsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String OWN = "dev/jwtfilter/demo/docs/";
    private static final String WEBJAR_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

    /** The files of {@code /docs/}: name, whether it is ours (else Swagger UI's), content type. */
    private static final Map<String, Asset> ASSETS = Map.of(
            "index.html", new Asset(true, "text/html;charset=utf-8"),
            "docs.js", new Asset(true, "text/javascript;charset=utf-8"),
            "swagger-ui.css", new Asset(false, "text/css;charset=utf-8"),
            "swagger-ui-bundle.js", new Asset(false, "text/javascript;charset=utf-8"),
            "favicon-32x32.png", new Asset(false, "image/png"),
            "favicon-16x16.png", new Asset(false, "image/png"));

    private record Asset(boolean own, String contentType) {}

    private transient String document;
    private transient String webjar;

    /** Reads the document and finds Swagger UI's files; a WAR without either fails to start, saying which. */
    @Override
    public void init() throws ServletException {
        document = new String(read(OWN + "openapi.json"), StandardCharsets.UTF_8);
        Properties pom = new Properties();
        try (InputStream in = resource(WEBJAR_POM)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + WEBJAR_POM, e);
        }
        webjar = "META-INF/resources/webjars/swagger-ui/" + pom.getProperty("version") + "/";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.equals("/openapi.json")) {
            send(
                    response,
                    "application/json",
                    document(request.getContextPath()).getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/docs")) {
            response.sendRedirect(request.getContextPath() + "/docs/"); // the page's links are relative
        } else {
            file(response, path.substring("/docs/".length()));
        }
    }

    /** One file of {@code /docs/} by its name ({@code index.html} for none); any name not listed is a 404. */
    private void file(HttpServletResponse response, String requested) throws IOException {
        String name = requested.isEmpty() ? "index.html" : requested;
        Asset asset = ASSETS.get(name);
        if (asset == null) {
            Json.error(response, 404, "not_found", "No such file");
            return;
        }
        send(response, asset.contentType(), read((asset.own() ? OWN : webjar) + name));
    }

    /**
     * @param contextPath the application's context path, empty at the root
     * @return the document; its paths are absolute within the application, so under a context path they move with it
     */
    String document(String contextPath) {
        if (contextPath.isEmpty()) {
            return document;
        }
        return document.replace("\"url\": \"/\"", "\"url\": \"" + contextPath + "/\"")
                .replace("\"tokenUrl\": \"/", "\"tokenUrl\": \"" + contextPath + "/")
                .replace("\"refreshUrl\": \"/", "\"refreshUrl\": \"" + contextPath + "/");
    }

    private static void send(HttpServletResponse response, String contentType, byte[] body) throws IOException {
        response.setContentType(contentType);
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static byte[] read(String name) {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = ApiDocsServlet.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the class path");
        }
        return in;
    }
}
