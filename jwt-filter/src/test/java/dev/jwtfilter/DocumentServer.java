package dev.jwtfilter;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A real Jetty server on a loopback port serving JSON documents by path (404 for any other path): plays an
 * OpenID provider's discovery document and JWKS, which can change or fail.
 */
public final class DocumentServer implements AutoCloseable {
    private final Server server = new Server();
    private final Map<String, String> documents = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private final URI base;

    public DocumentServer() throws Exception {
        this(null);
    }

    /**
     * @param tls serves https with this server key and certificate instead of plain http, or null for http
     */
    public DocumentServer(SslContextFactory.Server tls) throws Exception {
        ServerConnector connector = tls == null ? new ServerConnector(server) : new ServerConnector(server, tls);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = request.getHttpURI().getPath();
                requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                String document = documents.get(path);
                if (down.get() || document == null) {
                    response.setStatus(down.get() ? 503 : 404);
                    callback.succeeded();
                    return true;
                }
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                Content.Sink.write(response, true, document, callback);
                return true;
            }
        });
        server.start();
        base = URI.create((tls == null ? "http://127.0.0.1:" : "https://localhost:") + connector.getLocalPort());
    }

    /** @return {@code http://127.0.0.1:port}, or {@code https://localhost:port} with TLS */
    public URI base() {
        return base;
    }

    public void put(String path, String json) {
        documents.put(path, json);
    }

    public void setDown(boolean value) {
        down.set(value);
    }

    public int requests(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Document test server did not stop", e);
        }
    }
}
