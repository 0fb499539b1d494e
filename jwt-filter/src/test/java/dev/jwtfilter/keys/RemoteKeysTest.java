package dev.jwtfilter.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import dev.jwtfilter.TestKeys;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link RemoteKeys} against a scripted endpoint, so that the order of fetches, failures and rate-limited
 * refetches is fixed rather than left to the timing of a real server.
 */
class RemoteKeysTest {
    private static final JWKSelector ANY_KEY = new JWKSelector(new JWKMatcher.Builder().build());

    /**
     * Once a fetch past the outage tolerance has failed, nothing vouches for the keys any more: a refetch refused
     * by the rate limit right after must be an outage too, never the old keys. The first failing fetch is slow, so
     * that the outage-held refresh it ends in is recorded well after Nimbus' own cache time; before the fix that
     * later record made a rate-limited answer after the 503 hand the expired keys out again.
     */
    @Test
    void getWhenAFetchPastTheToleranceFailedThenARateLimitedRefetchIsAnOutageToo() throws Exception {
        Scripted endpoint = new Scripted(Duration.ofMillis(400));
        JwksOptions options = JwksOptions.defaults()
                .withCacheTtl(Duration.ofSeconds(1))
                .withRefreshAhead(Duration.ZERO)
                .withRefreshTimeout(Duration.ofSeconds(5))
                .withRateLimit(Duration.ofMillis(500))
                .withOutageTolerance(Duration.ofMillis(1200));
        RemoteKeys keys = new RemoteKeys(new URL("https://issuer.test/jwks"), endpoint, options, new KeySetChanges());
        assertThat(keys.get(ANY_KEY, null)).hasSize(1);
        endpoint.down = true;

        // Bounded: the cache (1 s) and the tolerance (1.2 s) run out within a few seconds.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        boolean failed = false;
        while (!failed && System.nanoTime() < deadline) {
            try {
                keys.get(ANY_KEY, null);
                Thread.sleep(5);
            } catch (KeySourceException e) {
                failed = true;
            }
        }
        assertThat(failed).as("keys unavailable once the tolerance is over").isTrue();
        int fetches = endpoint.calls.get();

        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> keys.get(ANY_KEY, null)).isInstanceOf(KeySourceException.class);
        }
        assertThat(endpoint.calls.get() - fetches)
                .as("refetches refused by the rate limit")
                .isLessThan(10);
    }

    @Test
    void getWhenTheEndpointAnswersAgainAfterAnOutageThenItsKeysServe() throws Exception {
        Scripted endpoint = new Scripted(Duration.ZERO);
        JwksOptions options = JwksOptions.defaults()
                .withCacheTtl(Duration.ofMillis(200))
                .withRefreshAhead(Duration.ZERO)
                .withRefreshTimeout(Duration.ofSeconds(5))
                .withRateLimit(Duration.ofMillis(50))
                .withOutageTolerance(Duration.ofMillis(100));
        RemoteKeys keys = new RemoteKeys(new URL("https://issuer.test/jwks"), endpoint, options, new KeySetChanges());
        endpoint.down = true;
        assertThatThrownBy(() -> keys.get(ANY_KEY, null)).isInstanceOf(KeySourceException.class);

        endpoint.down = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int served = 0;
        while (served == 0 && System.nanoTime() < deadline) {
            try {
                served = keys.get(ANY_KEY, null).size();
            } catch (KeySourceException e) {
                Thread.sleep(10); // rate limited until the interval is over
            }
        }
        assertThat(served).isEqualTo(1);
    }

    /** Serves one RSA key, or fails; the first failure takes {@code firstFailureDelay}, later ones none. */
    private static final class Scripted implements ResourceRetriever {
        private final Duration firstFailureDelay;
        private final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean down;

        Scripted(Duration firstFailureDelay) {
            this.firstFailureDelay = firstFailureDelay;
        }

        @Override
        public Resource retrieveResource(URL url) throws IOException {
            calls.incrementAndGet();
            if (!down) {
                return new Resource(TestKeys.publicJwks(TestKeys.RSA), "application/json");
            }
            if (failures.getAndIncrement() == 0 && !firstFailureDelay.isZero()) {
                try {
                    Thread.sleep(firstFailureDelay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new IOException("endpoint down (scripted)");
        }
    }
}
