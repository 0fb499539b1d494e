package dev.jwtfilter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 GET over a plain socket with the request target sent byte for byte, as
 * {@code curl --path-as-is} sends it: Java's HTTP clients normalize or re-encode dots and backslashes.
 */
public final class RawHttp {
    private RawHttp() {}

    /** The status code and the whole answer (head and body) as text. */
    public record Answer(int status, String text) {
        /** @return whether the body (after the head) contains this text */
        public boolean bodyContains(String part) {
            int head = text.indexOf("\r\n\r\n");
            return head >= 0 && text.substring(head + 4).contains(part);
        }
    }

    /**
     * @param target the request target exactly as it goes on the wire, such as {@code /app/a/../b}
     * @param authorization the {@code Authorization} value, or {@code null} for none
     */
    public static Answer get(int port, String target, String authorization) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(status(text), text);
        }
    }

    private static int status(String text) {
        String[] statusLine = text.split("\r\n", 2)[0].split(" ");
        return statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
    }
}
