package dev.jwtfilter.keys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a remote JWK set is fetched and cached: cache lifetime, the minimum interval between refetches
 * that an unknown {@code kid} may cause, how long cached keys keep verifying while the endpoint is down,
 * and the HTTP timeouts. Immutable and thread safe; {@link #defaults()} suits most identity providers.
 *
 * @param cacheTtl how long a fetched key set is used before it is fetched again (default 5 minutes)
 * @param refreshTimeout how long a request waits for a refetch in progress (default 15 seconds)
 * @param refreshAhead how long before the cache expires a background refetch starts (default 30 seconds;
 *                     zero turns it off); with the refresh timeout it must fit in the cache lifetime
 * @param rateLimit minimum interval between two fetches caused by unknown {@code kid}s (default 30 seconds)
 * @param outageTolerance how long the last good key set keeps verifying while fetches fail (default 1 hour)
 * @param connectTimeout HTTP connect timeout (default 2 seconds)
 * @param readTimeout HTTP read timeout (default 2 seconds)
 * @param sizeLimitBytes largest JWK set document accepted (default 50 KiB)
 */
public record JwksOptions(
        Duration cacheTtl,
        Duration refreshTimeout,
        Duration refreshAhead,
        Duration rateLimit,
        Duration outageTolerance,
        Duration connectTimeout,
        Duration readTimeout,
        int sizeLimitBytes) {

    /** @return the defaults listed on the record components */
    public static JwksOptions defaults() {
        return new JwksOptions(
                Duration.ofMinutes(5),
                Duration.ofSeconds(15),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                Duration.ofHours(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                50 * 1024);
    }

    /**
     * @param value the cache lifetime
     * @return a copy with another cache lifetime
     */
    public JwksOptions withCacheTtl(Duration value) {
        return new JwksOptions(
                value,
                refreshTimeout,
                refreshAhead,
                rateLimit,
                outageTolerance,
                connectTimeout,
                readTimeout,
                sizeLimitBytes);
    }

    /**
     * @param value the refresh timeout
     * @return a copy with another refresh timeout
     */
    public JwksOptions withRefreshTimeout(Duration value) {
        return new JwksOptions(
                cacheTtl, value, refreshAhead, rateLimit, outageTolerance, connectTimeout, readTimeout, sizeLimitBytes);
    }

    /**
     * @param value the refresh-ahead time; zero for off
     * @return a copy with another refresh-ahead time; zero turns refresh-ahead off
     */
    public JwksOptions withRefreshAhead(Duration value) {
        return new JwksOptions(
                cacheTtl,
                refreshTimeout,
                value,
                rateLimit,
                outageTolerance,
                connectTimeout,
                readTimeout,
                sizeLimitBytes);
    }

    /**
     * @param value the rate limit
     * @return a copy with another rate limit
     */
    public JwksOptions withRateLimit(Duration value) {
        return new JwksOptions(
                cacheTtl,
                refreshTimeout,
                refreshAhead,
                value,
                outageTolerance,
                connectTimeout,
                readTimeout,
                sizeLimitBytes);
    }

    /**
     * @param value the outage tolerance
     * @return a copy with another outage tolerance
     */
    public JwksOptions withOutageTolerance(Duration value) {
        return new JwksOptions(
                cacheTtl, refreshTimeout, refreshAhead, rateLimit, value, connectTimeout, readTimeout, sizeLimitBytes);
    }

    /**
     * @param value the connect timeout
     * @return a copy with another connect timeout
     */
    public JwksOptions withConnectTimeout(Duration value) {
        return new JwksOptions(
                cacheTtl, refreshTimeout, refreshAhead, rateLimit, outageTolerance, value, readTimeout, sizeLimitBytes);
    }

    /**
     * @param value the read timeout
     * @return a copy with another read timeout
     */
    public JwksOptions withReadTimeout(Duration value) {
        return new JwksOptions(
                cacheTtl,
                refreshTimeout,
                refreshAhead,
                rateLimit,
                outageTolerance,
                connectTimeout,
                value,
                sizeLimitBytes);
    }

    /** @return every setting out of range, as a sentence each; empty when all are usable */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        requirePositive(problems, "JWKS cache lifetime", cacheTtl);
        requirePositive(problems, "JWKS refresh timeout", refreshTimeout);
        requirePositive(problems, "JWKS rate limit", rateLimit);
        requirePositive(problems, "JWKS outage tolerance", outageTolerance);
        requirePositive(problems, "JWKS connect timeout", connectTimeout);
        requirePositive(problems, "JWKS read timeout", readTimeout);
        if (sizeLimitBytes <= 0) {
            problems.add("JWKS size limit must be positive");
        }
        if (refreshAhead == null || refreshAhead.isNegative()) {
            problems.add("JWKS refresh-ahead time must be zero or positive");
        }
        if (problems.isEmpty() && refreshTimeout.plus(refreshAhead).compareTo(cacheTtl) >= 0) {
            problems.add("JWKS refresh timeout plus refresh-ahead time must be shorter than the cache lifetime");
        }
        return problems;
    }

    private static void requirePositive(List<String> problems, String what, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            problems.add(what + " must be a positive duration");
        }
    }
}
