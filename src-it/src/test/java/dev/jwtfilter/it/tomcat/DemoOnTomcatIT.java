package dev.jwtfilter.it.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.it.support.DemoScenarios;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo WAR file in embedded Tomcat: 11.0 in one failsafe run, 10.1 in another. */
class DemoOnTomcatIT extends DemoScenarios {
    @Override
    protected Deployment deploy(Path war, Map<String, String> contextParams) throws Exception {
        System.out.println("Deploying into " + TomcatNode.version());
        return TomcatNode.deploy(war, contextParams);
    }

    @Test
    void containerWhenRunThenTheExpectedTomcat() {
        String expected = System.getProperty("it.container", "Tomcat");
        assertThat(TomcatNode.version()).startsWith("Apache " + expected);
    }
}
