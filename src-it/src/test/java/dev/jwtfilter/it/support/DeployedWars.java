package dev.jwtfilter.it.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** The WAR files under test, as the build made them. */
public final class DeployedWars {
    private DeployedWars() {}

    /** @return the demo WAR built by demo-webapp */
    public static Path demo() {
        return existing(System.getProperty("it.demo.war", "target/wars/jwt-demo.war"));
    }

    /** @return this module's readme-app WAR, whose web.xml is README's snippet */
    public static Path readmeApp() {
        return existing(System.getProperty("it.readme.war", "target/readme-app.war"));
    }

    private static Path existing(String path) {
        Path war = Path.of(path).toAbsolutePath();
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException("Missing " + war + ": run the tests through 'mvn verify'");
        }
        return war;
    }
}
