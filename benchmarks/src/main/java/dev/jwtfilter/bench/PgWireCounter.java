package dev.jwtfilter.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 between an application and PostgreSQL that counts the round trips the application makes:
 * every {@code Sync} (extended protocol) and every {@code Query} (simple protocol) message the client sends is one
 * wait for the server's {@code ReadyForQuery}. It also counts the bytes each way. The client must connect without
 * TLS ({@code sslmode=disable}): the relay reads the protocol, it does not decrypt it.
 */
final class PgWireCounter implements AutoCloseable {
    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;

    private final ServerSocket listener;
    private final int serverPort;
    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong emptyQueries = new AtomicLong();
    private final AtomicLong bytesToServer = new AtomicLong();
    private final AtomicLong bytesToClient = new AtomicLong();

    /**
     * The counters at one instant; {@code emptyQueries} are the round trips that ran only an empty query, the
     * connection check ({@code Connection.isValid}) a pool makes on a connection that sat idle.
     */
    record Counts(long roundTrips, long emptyQueries, long bytesToServer, long bytesToClient) {
        Counts minus(Counts before) {
            return new Counts(
                    roundTrips - before.roundTrips,
                    emptyQueries - before.emptyQueries,
                    bytesToServer - before.bytesToServer,
                    bytesToClient - before.bytesToClient);
        }
    }

    PgWireCounter(int serverPort) throws IOException {
        this.serverPort = serverPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "pg-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    Counts counts() {
        return new Counts(roundTrips.get(), emptyQueries.get(), bytesToServer.get(), bytesToClient.get());
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                daemon(() -> fromClient(client, server), "pg-relay-up").start();
                daemon(() -> copy(server, client), "pg-relay-down").start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static Thread daemon(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Relays the client's messages one by one, counting those that end a round trip. */
    private void fromClient(Socket client, Socket server) {
        try (client;
                server) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
            OutputStream out = new BufferedOutputStream(server.getOutputStream(), 16384);
            int code;
            do { // untyped start-up messages: SSL or GSS requests (answered 'N' by the server), then the start-up
                int length = in.readInt();
                byte[] body = in.readNBytes(length - 4);
                code = body.length >= 4
                        ? ((body[0] & 0xff) << 24)
                                | ((body[1] & 0xff) << 16)
                                | ((body[2] & 0xff) << 8)
                                | (body[3] & 0xff)
                        : 0;
                writeInt(out, length);
                out.write(body);
                out.flush();
                bytesToServer.addAndGet(length);
            } while (code == SSL_REQUEST || code == GSS_REQUEST);
            boolean sawEmpty = false;
            boolean sawReal = false;
            while (true) {
                int type = in.read();
                if (type < 0) {
                    return;
                }
                int length = in.readInt();
                byte[] body = in.readNBytes(length - 4);
                out.write(type);
                writeInt(out, length);
                out.write(body);
                if (in.available() == 0) {
                    out.flush(); // the client waits for an answer, or sends nothing more for now
                }
                if (type == 'P' || type == 'Q') {
                    boolean empty = isEmptyQuery(type, body);
                    sawEmpty |= empty;
                    sawReal |= !empty;
                }
                if (type == 'B') {
                    sawReal |= bindsNamedStatement(body); // a statement prepared earlier on this connection
                }
                if (type == 'S' || type == 'Q') {
                    roundTrips.incrementAndGet();
                    if (sawEmpty && !sawReal) {
                        emptyQueries.incrementAndGet();
                    }
                    sawEmpty = false;
                    sawReal = false;
                }
                bytesToServer.addAndGet(1 + length);
            }
        } catch (EOFException e) {
            // the client hung up
        } catch (IOException e) {
            // either side closed
        }
    }

    /** A Parse message is a statement name then the query, each ending in a zero byte; a Query message the query. */
    private static boolean isEmptyQuery(int type, byte[] body) {
        int start = 0;
        if (type == 'P') {
            while (start < body.length && body[start] != 0) {
                start++;
            }
            start++;
        }
        return start < body.length && body[start] == 0;
    }

    /** A Bind message is a portal name then a statement name, each ending in a zero byte. */
    private static boolean bindsNamedStatement(byte[] body) {
        int start = 0;
        while (start < body.length && body[start] != 0) {
            start++;
        }
        start++;
        return start < body.length && body[start] != 0;
    }

    private void copy(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
                bytesToClient.addAndGet(n);
            }
        } catch (IOException e) {
            // either side closed
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    private static void writeInt(OutputStream out, int value) throws IOException {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
