package dev.jwtfilter.it.glassfish;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.glassfish.embeddable.GlassFishRuntime;

/**
 * Builds the small test WAR that enables the mechanism: the sources under {@code src/test/eeapp}, the
 * jwt-filter and Nimbus jars in {@code WEB-INF/lib}, and a {@code web.xml} whose {@code jwt.*}
 * context-params configure the mechanism (no filter is declared) and which protects {@code /api/*}.
 */
final class EeAppWar {
    private EeAppWar() {}

    static Path build(Path target, String issuer, String audience, String publicKeyPem)
            throws IOException, URISyntaxException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("jwt.issuer", issuer);
        params.put("jwt.audiences", audience);
        params.put("jwt.public-key", publicKeyPem);
        return build(target, params);
    }

    /** The same WAR with exactly these {@code jwt.*} context-params, e.g. a configuration that cannot work. */
    static Path build(Path target, Map<String, String> contextParams) throws IOException, URISyntaxException {
        Path libs = Path.of(System.getProperty("it.ee.libs", "target/ee-libs"));
        List<Path> libraries;
        try (Stream<Path> jars = Files.list(libs)) {
            libraries = jars.filter(p -> p.toString().endsWith(".jar")).toList();
        }
        if (libraries.size() != 2) {
            throw new IllegalStateException(
                    "Expected jwt-filter and nimbus-jose-jwt in " + libs + ", found " + libraries);
        }
        Path classes = compile(libraries, Files.createTempDirectory("ee-app-classes"));
        try (ZipOutputStream war = new ZipOutputStream(Files.newOutputStream(target));
                Stream<Path> files = Files.walk(classes)) {
            war.putNextEntry(new ZipEntry("WEB-INF/"));
            war.closeEntry();
            war.putNextEntry(new ZipEntry("WEB-INF/lib/"));
            war.closeEntry();
            put(war, "WEB-INF/web.xml", webXml(contextParams).getBytes(StandardCharsets.UTF_8));
            for (Path file : files.sorted().toList()) {
                String name =
                        "WEB-INF/classes/" + classes.relativize(file).toString().replace('\\', '/');
                if (Files.isDirectory(file)) {
                    war.putNextEntry(new ZipEntry(name.endsWith("/") ? name : name + "/"));
                    war.closeEntry();
                } else {
                    put(war, name, Files.readAllBytes(file));
                }
            }
            for (Path jar : libraries) {
                put(war, "WEB-INF/lib/" + jar.getFileName(), Files.readAllBytes(jar));
            }
        }
        return target;
    }

    /**
     * Compiles the application's sources (kept out of the test class path on purpose: GlassFish delegates to
     * the parent class loader first, so a copy there would shadow the WAR's own classes) against the server's
     * APIs and the WAR's libraries.
     */
    private static Path compile(List<Path> libraries, Path output) throws IOException, URISyntaxException {
        Path sources = Path.of(System.getProperty("it.ee.sources", "src/test/eeapp"));
        List<String> classpath = new ArrayList<>();
        classpath.add(Path.of(GlassFishRuntime.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString());
        libraries.forEach(jar -> classpath.add(jar.toString()));
        List<String> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java"))
                    .map(Path::toString)
                    .toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of(
                "--release",
                "17",
                "-proc:none",
                "-classpath",
                String.join(File.pathSeparator, classpath),
                "-d",
                output.toString()));
        args.addAll(files);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        if (javac.run(null, null, errors, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("The test WAR's sources do not compile:\n" + errors);
        }
        return output;
    }

    private static void put(ZipOutputStream war, String name, byte[] content) throws IOException {
        war.putNextEntry(new ZipEntry(name));
        OutputStream out = war;
        out.write(content);
        war.closeEntry();
    }

    private static String webXml(Map<String, String> contextParams) {
        StringBuilder params = new StringBuilder();
        contextParams.forEach((name, value) -> params.append("""
                  <context-param>
                    <param-name>%s</param-name>
                    <param-value>%s</param-value>
                  </context-param>
                """.formatted(name, value)));
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <!-- The mechanism reads the filter's keys from context-params. -->
                %s                  <!-- Without a constraint Jersey answers an anonymous caller 403; with it the mechanism's 401. -->
                  <security-constraint>
                    <web-resource-collection>
                      <web-resource-name>api</web-resource-name>
                      <url-pattern>/api/*</url-pattern>
                    </web-resource-collection>
                    <auth-constraint>
                      <role-name>**</role-name>
                    </auth-constraint>
                  </security-constraint>
                  <!-- The exact pattern beats /api/*: the health check needs no caller. -->
                  <security-constraint>
                    <web-resource-collection>
                      <web-resource-name>health</web-resource-name>
                      <url-pattern>/api/health</url-pattern>
                    </web-resource-collection>
                  </security-constraint>
                  <!-- GlassFish answers isCallerInRole only for declared roles; groups map to same-named roles. -->
                  <security-role>
                    <role-name>user</role-name>
                  </security-role>
                  <security-role>
                    <role-name>admin</role-name>
                  </security-role>
                </web-app>
                """.formatted(params);
    }
}
