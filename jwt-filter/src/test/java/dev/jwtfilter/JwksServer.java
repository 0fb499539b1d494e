package dev.jwtfilter;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** A real Jetty server on a loopback port that plays a JWKS endpoint which can rotate keys or fail. */
public final class JwksServer implements AutoCloseable {
    private final Server server = new Server();
    private final AtomicReference<String> jwks = new AtomicReference<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger requests = new AtomicInteger();
    private final URI uri;

    public JwksServer(String initialJwks) throws Exception {
        jwks.set(initialJwks);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                requests.incrementAndGet();
                if (down.get()) {
                    response.setStatus(500);
                    callback.succeeded();
                    return true;
                }
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                Content.Sink.write(response, true, jwks.get(), callback);
                return true;
            }
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/.well-known/jwks.json");
    }

    public URI uri() {
        return uri;
    }

    public void publish(String json) {
        jwks.set(json);
    }

    public void setDown(boolean value) {
        down.set(value);
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("JWKS test server did not stop", e);
        }
    }
}
