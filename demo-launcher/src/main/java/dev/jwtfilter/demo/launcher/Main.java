package dev.jwtfilter.demo.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The {@code Main-Class} of the executable demo WAR, sitting at the WAR's root like Jenkins' launcher:
 * it uses only the JDK, extracts the Jetty jars kept under {@code META-INF/launcher/lib/} (outside
 * {@code WEB-INF}, so Tomcat and Jetty deployments never see them) into a temporary folder, and starts
 * {@code JettyLauncher} from them with this WAR as the web application.
 */
public final class Main {
    static final String LIB_PREFIX = "META-INF/launcher/lib/";

    private Main() {}

    /** @param args {@code --port N}, {@code --host H} */
    public static void main(String[] args) throws Exception {
        Path war = ownArchive();
        Path libs = Files.createTempDirectory("jwt-demo-launcher");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(libs)));
        List<URL> urls = extractLibraries(war, libs);
        if (urls.isEmpty()) {
            System.err.println(
                    "This archive holds no launcher libraries: build it with 'mvn -B -ntp package' or deploy it to a servlet container.");
            System.exit(2);
        }
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        try {
            // By name: JettyLauncher needs Jetty, which only the extracted loader can see.
            loader.loadClass("dev.jwtfilter.demo.launcher.JettyLauncher")
                    .getMethod("run", Path.class, String[].class)
                    .invoke(null, war, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static Path ownArchive() throws URISyntaxException {
        return Path.of(
                Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static List<URL> extractLibraries(Path war, Path target) throws IOException {
        List<URL> urls = new ArrayList<>();
        try (JarFile jar = new JarFile(war.toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (name.startsWith(LIB_PREFIX)
                        && name.endsWith(".jar")
                        && name.indexOf('/', LIB_PREFIX.length()) < 0) {
                    Path file = target.resolve(name.substring(LIB_PREFIX.length()));
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                    urls.add(file.toUri().toURL());
                }
            }
        }
        return urls;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is not worth failing shutdown for
        }
    }
}
