package dev.jwtfilter.it.dist;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts the Tomcat and Jetty distributions that the build unpacked from Maven Central, each in a fresh base
 * directory with one WAR as its root application, as README tells a user to: {@code bin/catalina.sh run},
 * {@code java -jar $JETTY_HOME/start.jar}. Only the port is set by the test; the application's settings come
 * from the environment given.
 */
public final class Distributions {
    /** The Jetty modules README names: a connector, WAR deployment, and annotation scanning. */
    public static final String JETTY_MODULES = "http,ee10-deploy,ee10-annotations";

    private Distributions() {}

    /** @return the unpacked distribution directory named by a system property the build sets */
    public static Path home(String property) {
        Path home = Path.of(System.getProperty(property, "missing")).toAbsolutePath();
        if (!Files.isDirectory(home)) {
            throw new IllegalStateException(
                    "Missing " + home + " (" + property + "): run the tests through 'mvn verify'");
        }
        return home;
    }

    /** Starts {@code CATALINA_HOME/bin/catalina.sh run} with a fresh CATALINA_BASE whose server.xml listens on a free port. */
    public static ServerProcess tomcat(String name, Path home, Path war, Map<String, String> environment)
            throws Exception {
        Path base = Files.createTempDirectory("it-catalina-base");
        copyTree(home.resolve("conf"), base.resolve("conf"));
        for (String dir : List.of("logs", "temp", "work", "webapps")) {
            Files.createDirectories(base.resolve(dir));
        }
        Files.copy(war, base.resolve("webapps/ROOT.war"));
        int port = ServerProcess.freePort();
        Path serverXml = base.resolve("conf/server.xml");
        Files.writeString(
                serverXml,
                Files.readString(serverXml)
                        .replace("<Server port=\"8005\"", "<Server port=\"-1\"")
                        .replace("<Connector port=\"8080\"", "<Connector port=\"" + port + "\" address=\"127.0.0.1\""));
        makeScriptsExecutable(home.resolve("bin"));
        Map<String, String> env = new HashMap<>(environment);
        env.put("CATALINA_HOME", home.toString());
        env.put("CATALINA_BASE", base.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return ServerProcess.start(
                name,
                List.of(home.resolve("bin/catalina.sh").toString(), "run"),
                base,
                env,
                URI.create("http://127.0.0.1:" + port),
                "/health");
    }

    /**
     * Creates a Jetty base with {@code --add-modules}, drops the WAR in as {@code webapps/ROOT.war} and any extra
     * files (relative path to content) into the base, then starts {@code java -jar start.jar jetty.http.port=...}.
     */
    public static ServerProcess jetty(
            String name,
            Path home,
            Path war,
            Map<String, String> environment,
            String modules,
            Map<String, String> baseFiles)
            throws Exception {
        return jetty(name, home, war, environment, modules, baseFiles, 200);
    }

    /** As above, ready when {@code /health} answers this status. */
    public static ServerProcess jetty(
            String name,
            Path home,
            Path war,
            Map<String, String> environment,
            String modules,
            Map<String, String> baseFiles,
            int readyStatus)
            throws Exception {
        Path base = Files.createTempDirectory("it-jetty-base");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process setup = new ProcessBuilder(
                        javaBin, "-jar", home.resolve("start.jar").toString(), "--add-modules=" + modules)
                .directory(base.toFile())
                .redirectErrorStream(true)
                .redirectOutput(base.resolve("setup.log").toFile())
                .start();
        if (!setup.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || setup.exitValue() != 0) {
            setup.destroyForcibly();
            throw new IllegalStateException("Jetty base setup failed: " + Files.readString(base.resolve("setup.log")));
        }
        Files.createDirectories(base.resolve("webapps"));
        Files.copy(war, base.resolve("webapps/ROOT.war"));
        for (Map.Entry<String, String> file : baseFiles.entrySet()) {
            Path target = base.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        int port = ServerProcess.freePort();
        return ServerProcess.start(
                name,
                List.of(
                        javaBin,
                        "-jar",
                        home.resolve("start.jar").toString(),
                        "jetty.http.host=127.0.0.1",
                        "jetty.http.port=" + port),
                base,
                environment,
                URI.create("http://127.0.0.1:" + port),
                "/health",
                readyStatus);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The unpack goal may drop the archive's file modes. */
    private static void makeScriptsExecutable(Path bin) throws IOException {
        try (Stream<Path> scripts = Files.list(bin)) {
            for (Path script : (Iterable<Path>) scripts.filter(p -> p.toString().endsWith(".sh"))::iterator) {
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }
}
