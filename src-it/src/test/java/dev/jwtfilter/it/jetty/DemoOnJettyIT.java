package dev.jwtfilter.it.jetty;

import dev.jwtfilter.it.support.DemoScenarios;
import java.nio.file.Path;
import java.util.Map;

/** The demo WAR file in embedded Jetty 12.1 (ee10, {@code WebAppContext}). */
class DemoOnJettyIT extends DemoScenarios {
    @Override
    protected Deployment deploy(Path war, Map<String, String> contextParams) throws Exception {
        return JettyNode.deploy(war, contextParams);
    }
}
