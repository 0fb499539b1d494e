package dev.jwtfilter.it.jetty;

import dev.jwtfilter.it.support.DemoScenarios.Deployment;
import dev.jwtfilter.it.support.ReadmeAppScenarios;
import java.nio.file.Path;
import java.util.Map;

/** README's snippet on Jetty 12.1 ee10, with annotation scanning (jetty-ee10-annotations). */
class ReadmeAppOnJettyIT extends ReadmeAppScenarios {
    @Override
    protected Deployment deploy(Path war, Map<String, String> contextParams) throws Exception {
        return JettyNode.deploy(war, contextParams);
    }
}
