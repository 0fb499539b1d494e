package dev.jwtfilter.it.dist;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server distribution started as its own operating-system process, the way a user starts it, with its
 * output in a log file under {@code target/dist-logs}. Started with a bounded wait for a readiness URL;
 * {@link #close} ends the whole process tree.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final URI base;
    private final Duration startUp;

    private ServerProcess(Process process, Path log, URI base, Duration startUp) {
        this.process = process;
        this.log = log;
        this.base = base;
        this.startUp = startUp;
    }

    /**
     * Starts the command and waits until {@code base + readyPath} answers 200.
     *
     * @param environment added to this process's environment (which loses any JAVA_OPTS / CATALINA_OPTS)
     * @throws IllegalStateException naming the log when the server exits or is not ready in time
     */
    public static ServerProcess start(
            String name,
            List<String> command,
            Path workDir,
            Map<String, String> environment,
            URI base,
            String readyPath)
            throws Exception {
        return start(name, command, workDir, environment, base, readyPath, 200);
    }

    /** As {@link #start(String, List, Path, Map, URI, String)}, ready when the path answers this status. */
    public static ServerProcess start(
            String name,
            List<String> command,
            Path workDir,
            Map<String, String> environment,
            URI base,
            String readyPath,
            int readyStatus)
            throws Exception {
        Path log = logFile(name);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment()
                .keySet()
                .removeAll(List.of("JAVA_OPTS", "CATALINA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"));
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        ServerProcess server = new ServerProcess(builder.start(), log, base, null);
        try {
            server.awaitReady(readyPath, readyStatus);
        } catch (Exception | AssertionError e) {
            server.close();
            throw new IllegalStateException(
                    name + " did not get ready: " + e.getMessage() + "; its log: " + log + "\n" + server.logTail(), e);
        }
        return new ServerProcess(server.process, log, base, Duration.ofNanos(System.nanoTime() - started));
    }

    /** @return a port that was free a moment ago, on 127.0.0.1 (the distributions take their port from configuration) */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Path logFile(String name) throws IOException {
        Path dir =
                Path.of(System.getProperty("it.dist.logs", "target/dist-logs")).toAbsolutePath();
        Files.createDirectories(dir);
        return dir.resolve(name + ".log");
    }

    private void awaitReady(String readyPath, int readyStatus) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the process exited with " + process.exitValue());
            }
            try {
                HttpResponse<Void> response = CLIENT.send(
                        HttpRequest.newBuilder(base.resolve(readyPath))
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == readyStatus) {
                    return;
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e.toString();
            }
            process.waitFor(200, TimeUnit.MILLISECONDS); // a bounded poll interval, ended early if the server exits
        }
        throw new IllegalStateException("not ready within " + READY_TIMEOUT + " (" + readyPath + ": " + last + ")");
    }

    /** @return the last lines of the server's log, for failure messages */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** @return the server's whole log so far */
    public String log() throws IOException {
        return Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    public URI base() {
        return base;
    }

    /** @return from process start to the first 200 of the readiness URL */
    public Duration startUp() {
        return startUp;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
