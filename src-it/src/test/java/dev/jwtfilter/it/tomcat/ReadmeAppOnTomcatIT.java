package dev.jwtfilter.it.tomcat;

import dev.jwtfilter.it.support.DemoScenarios.Deployment;
import dev.jwtfilter.it.support.ReadmeAppScenarios;
import java.nio.file.Path;
import java.util.Map;

/** README's snippet on Tomcat (11.0 and 10.1 runs). */
class ReadmeAppOnTomcatIT extends ReadmeAppScenarios {
    @Override
    protected Deployment deploy(Path war, Map<String, String> contextParams) throws Exception {
        return TomcatNode.deploy(war, contextParams);
    }
}
