package dev.jwtfilter.it.dist;

import java.nio.file.Path;
import java.util.Map;

/** README's app on the Tomcat 11 distribution from Maven Central, started with {@code bin/catalina.sh run}. */
class ReadmeAppOnTomcat11DistributionIT extends DistributionScenarios {
    @Override
    protected ServerProcess startDistribution(Path war, Map<String, String> environment) throws Exception {
        return Distributions.tomcat("tomcat-11", Distributions.home("it.dist.tomcat11"), war, environment);
    }
}
