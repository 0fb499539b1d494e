package dev.jwtfilter.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * Does a failed login take as long for a name that does not exist as for a wrong password? Alternates the
 * two (order swapped every pair) against the demo on 127.0.0.1 and prints medians and percentiles
 * (see {@code benchmarks/login-timing.sh}).
 *
 * <pre>
 *   LoginTiming BASE_URL PAIRS
 * </pre>
 */
public final class LoginTiming {
    private LoginTiming() {}

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        if (!base.getHost().equals("127.0.0.1") && !base.getHost().equals("localhost")) {
            throw new IllegalArgumentException("loopback only: " + base);
        }
        int pairs = Integer.parseInt(args[1]);
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long[] unknown = new long[pairs];
        long[] wrong = new long[pairs];
        for (int warm = 0; warm < 5; warm++) {
            time(http, base, "alice", "warm-up");
        }
        for (int i = 0; i < pairs; i++) {
            if (i % 2 == 0) {
                unknown[i] = time(http, base, "nobody-" + i, "wrong-" + i);
                wrong[i] = time(http, base, "alice", "wrong-" + i);
            } else {
                wrong[i] = time(http, base, "alice", "wrong-" + i);
                unknown[i] = time(http, base, "nobody-" + i, "wrong-" + i);
            }
        }
        Arrays.sort(unknown);
        Arrays.sort(wrong);
        System.out.printf("%d pairs, ms:        p10     median   p90%n", pairs);
        System.out.printf("unknown user    %8.1f %8.1f %8.1f%n", ms(unknown, 10), ms(unknown, 50), ms(unknown, 90));
        System.out.printf("wrong password  %8.1f %8.1f %8.1f%n", ms(wrong, 10), ms(wrong, 50), ms(wrong, 90));
        System.out.printf("median ratio unknown / wrong: %.3f%n", ms(unknown, 50) / ms(wrong, 50));
    }

    private static double ms(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
    }

    private static long time(HttpClient http, URI base, String user, String password) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/auth/login"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}"))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long elapsed = System.nanoTime() - start;
        if (response.statusCode() != 400 || !response.body().contains("\"invalid_grant\"")) {
            throw new IllegalStateException("expected 400 invalid_grant, got " + response.statusCode());
        }
        return elapsed;
    }
}
