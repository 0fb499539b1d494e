package dev.jwtfilter.proof;

import com.nimbusds.jose.util.Base64URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server-provided DPoP nonces (RFC 9449 sections 8 and 9) that need no shared state: a nonce is the number of the
 * current period of time and an HMAC-SHA256 of that number under a secret, so every node that holds the same
 * secret makes and accepts the same nonces without storing any. The nonce of the current period and the one of the
 * previous period are accepted, so a nonce stays good for between one and two periods; a new one is handed out as
 * soon as the period turns. A nonce tells nothing but the period number, which is public anyway. Thread safe.
 */
public final class DPoPNonces {
    /** The shortest secret accepted, in bytes: 256 bits, as for any HMAC-SHA256 key. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final int MAC_BYTES = 16;
    private static final int NONCE_BYTES = Long.BYTES + MAC_BYTES;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final long periodMillis;
    private final Clock clock;
    private volatile Issued latest = new Issued(Long.MIN_VALUE, "", "");

    private record Issued(long period, String nonce, String previous) {}

    private DPoPNonces(byte[] secret, Duration period, Clock clock) {
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.periodMillis = period.toMillis();
        this.clock = clock;
    }

    /**
     * @param secret the HMAC key shared by every node that must accept each other's nonces, at least
     *     {@value #MIN_SECRET_BYTES} bytes; copied
     * @param period how long one nonce is handed out (at least one second, at most one day); each is accepted for
     *     one more period after that
     * @param clock the clock periods are counted with
     * @return the nonces
     * @throws IllegalArgumentException for a short secret or a period out of range
     */
    public static DPoPNonces of(byte[] secret, Duration period, Clock clock) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(clock, "clock");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("DPoP nonce secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        if (period.compareTo(Duration.ofSeconds(1)) < 0 || period.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("DPoP nonce lifetime must be between one second and one day");
        }
        return new DPoPNonces(secret, period, clock);
    }

    /**
     * @param period how long one nonce is handed out
     * @param clock the clock periods are counted with
     * @return nonces under a random secret of this process: good for one node only, since another node cannot
     *     accept them
     */
    public static DPoPNonces random(Duration period, Clock clock) {
        byte[] secret = new byte[MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        return of(secret, period, clock);
    }

    /** @return the nonce to hand out now, in a {@code DPoP-Nonce} header */
    public String current() {
        return issued().nonce();
    }

    /**
     * Compares with the two nonces this period accepts, made once when the period turns: no MAC per request.
     *
     * @param nonce the {@code nonce} claim of a proof
     * @return whether it is the nonce of the current or the previous period under this secret
     */
    public boolean accepts(String nonce) {
        if (nonce == null) {
            return false;
        }
        Issued issued = issued();
        byte[] sent = nonce.getBytes(StandardCharsets.US_ASCII);
        // Both compared in constant time, whichever matches.
        boolean current = MessageDigest.isEqual(sent, issued.nonce().getBytes(StandardCharsets.US_ASCII));
        boolean previous = MessageDigest.isEqual(sent, issued.previous().getBytes(StandardCharsets.US_ASCII));
        return current | previous;
    }

    /** The nonces of the current and the previous period, remade only when the period turns. */
    private Issued issued() {
        long period = Math.floorDiv(clock.millis(), periodMillis);
        Issued issued = latest;
        if (issued.period() != period) {
            issued = new Issued(period, encode(period), encode(period - 1));
            latest = issued;
        }
        return issued;
    }

    private String encode(long period) {
        return Base64URL.encode(ByteBuffer.allocate(NONCE_BYTES)
                        .putLong(period)
                        .put(mac(period))
                        .array())
                .toString();
    }

    private byte[] mac(long period) {
        try {
            Mac hmac = Mac.getInstance(ALGORITHM);
            hmac.init(key);
            byte[] full =
                    hmac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(period).array());
            byte[] truncated = new byte[MAC_BYTES];
            System.arraycopy(full, 0, truncated, 0, MAC_BYTES);
            return truncated;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
        }
    }
}
