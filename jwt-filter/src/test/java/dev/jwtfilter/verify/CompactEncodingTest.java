package dev.jwtfilter.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.internal.CanonicalBase64Url;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/**
 * {@link CanonicalBase64Url#isCanonical} against the JDK's strict codec: a part is canonical exactly when the
 * JDK decodes it and encodes the bytes back, unpadded, to the same string.
 */
class CompactEncodingTest {

    @Property(tries = 5000)
    void isCanonicalWhenAndOnlyWhenTheJdkRoundTripGivesTheSameString(
            @ForAll
                    @StringLength(max = 13)
                    @CharRange(from = 'A', to = 'D')
                    @CharRange(from = 'w', to = 'z')
                    @CharRange(from = '0', to = '1')
                    @Chars({'-', '_', '+', '/', '=', '~', ' ', 'P', 'Q'})
                    String part) {
        assertThat(CanonicalBase64Url.isCanonical(part)).isEqualTo(roundTrips(part));
        assertThat(CanonicalBase64Url.isCanonical(part + "." + part + "." + part))
                .isEqualTo(roundTrips(part));
    }

    @Property(tries = 1000)
    void isCanonicalWhenEncodedByTheJdkWithoutPadding(
            @ForAll byte[] header, @ForAll byte[] payload, @ForAll byte[] signature) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String token = encoder.encodeToString(header) + "." + encoder.encodeToString(payload) + "."
                + encoder.encodeToString(signature);

        assertThat(CanonicalBase64Url.isCanonical(token)).isTrue();
    }

    private static boolean roundTrips(String part) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(Base64.getUrlDecoder().decode(part))
                    .equals(part);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
