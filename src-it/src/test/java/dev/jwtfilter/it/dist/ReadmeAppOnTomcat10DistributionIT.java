package dev.jwtfilter.it.dist;

import java.nio.file.Path;
import java.util.Map;

/** README's app on the Tomcat 10.1 distribution from Maven Central, started with {@code bin/catalina.sh run}. */
class ReadmeAppOnTomcat10DistributionIT extends DistributionScenarios {
    @Override
    protected ServerProcess startDistribution(Path war, Map<String, String> environment) throws Exception {
        return Distributions.tomcat("tomcat-10.1", Distributions.home("it.dist.tomcat10"), war, environment);
    }
}
