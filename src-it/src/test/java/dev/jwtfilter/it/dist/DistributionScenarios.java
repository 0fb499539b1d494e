package dev.jwtfilter.it.dist;

import dev.jwtfilter.it.jetty.JettyNode;
import dev.jwtfilter.it.support.DemoScenarios.Deployment;
import dev.jwtfilter.it.support.DeployedWars;
import dev.jwtfilter.it.support.ReadmeAppScenarios;
import java.nio.file.Path;
import java.util.Map;

/**
 * README's app on a real server distribution, configured through environment variables only: the values
 * for the snippet's references reach the server process as its environment, never as system properties.
 * The demo that issues the tokens runs on embedded Jetty in this JVM.
 */
abstract class DistributionScenarios extends ReadmeAppScenarios {
    private ServerProcess server;

    /** Starts the distribution with readme-app as its root application and this environment. */
    protected abstract ServerProcess startDistribution(Path war, Map<String, String> environment) throws Exception;

    @Override
    protected Deployment deploy(Path war, Map<String, String> contextParams) throws Exception {
        return JettyNode.deploy(war, contextParams);
    }

    @Override
    protected Deployment deployReadmeApp(Map<String, String> references) throws Exception {
        server = startDistribution(DeployedWars.readmeApp(), references);
        System.out.println(
                getClass().getSimpleName() + ": ready " + server.startUp().toMillis() + " ms after start");
        return new Deployment(server.base(), server);
    }

    /** @return the running distribution */
    protected ServerProcess server() {
        return server;
    }
}
