package dev.jwtfilter.proof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.TestCertificates;
import dev.jwtfilter.proof.CertificateBinding.Verdict;
import dev.jwtfilter.verify.VerifiedJwt;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The RFC 8705 section 3 check over real certificates made by keytool at test time. */
class CertificateBindingTest {
    private static final X509Certificate HOLDER =
            TestCertificates.selfSigned("holder").certificate();
    private static final X509Certificate OTHER =
            TestCertificates.selfSigned("other").certificate();

    private static VerifiedJwt tokenWith(Object cnf) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "https://issuer.example");
        claims.put("sub", "alice");
        if (cnf != null) {
            claims.put("cnf", cnf);
        }
        return new VerifiedJwt(claims, "RS256", null);
    }

    private static VerifiedJwt boundTo(X509Certificate certificate) throws Exception {
        return tokenWith(Map.of("x5t#S256", CertificateBinding.thumbprint(certificate)));
    }

    @Test
    void thumbprintWhenCertificateThenBase64UrlSha256OfItsDerWithoutPadding() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(HOLDER.getEncoded());

        String thumbprint = CertificateBinding.thumbprint(HOLDER);

        assertThat(thumbprint).hasSize(43).doesNotContain("=", "+", "/");
        assertThat(Base64.getUrlDecoder().decode(thumbprint)).isEqualTo(digest);
    }

    @Test
    void checkWhenBoundTokenAndItsCertificateThenMatched() throws Exception {
        assertThat(CertificateBinding.check(boundTo(HOLDER), HOLDER)).isEqualTo(Verdict.MATCHED);
    }

    @Test
    void checkWhenBoundTokenAndAnotherCertificateThenRefused() throws Exception {
        Verdict verdict = CertificateBinding.check(boundTo(HOLDER), OTHER);

        assertThat(verdict).isEqualTo(Verdict.OTHER_CERTIFICATE);
        assertThat(verdict.accepted()).isFalse();
    }

    @Test
    void checkWhenBoundTokenAndNoCertificateThenRefused() throws Exception {
        Verdict verdict = CertificateBinding.check(boundTo(HOLDER), null);

        assertThat(verdict).isEqualTo(Verdict.NO_CERTIFICATE);
        assertThat(verdict.accepted()).isFalse();
    }

    @Test
    void checkWhenThumbprintPaddedOrInStandardBase64ThenRefused() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(HOLDER.getEncoded());
        String padded = CertificateBinding.thumbprint(HOLDER) + "=";
        String standard = Base64.getEncoder().encodeToString(digest);

        assertThat(CertificateBinding.check(tokenWith(Map.of("x5t#S256", padded)), HOLDER))
                .isEqualTo(Verdict.OTHER_CERTIFICATE);
        assertThat(CertificateBinding.check(tokenWith(Map.of("x5t#S256", standard)), HOLDER))
                .isEqualTo(Verdict.OTHER_CERTIFICATE);
    }

    @Test
    void checkWhenNoCnfThenUnboundWithOrWithoutCertificate() {
        assertThat(CertificateBinding.check(tokenWith(null), null)).isEqualTo(Verdict.UNBOUND);
        assertThat(CertificateBinding.check(tokenWith(null), HOLDER)).isEqualTo(Verdict.UNBOUND);
        assertThat(Verdict.UNBOUND.accepted()).isTrue();
    }

    @Test
    void checkWhenCnfWithoutX5tS256ThenUnbound() {
        VerifiedJwt jktOnly = tokenWith(Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"));

        assertThat(CertificateBinding.check(jktOnly, null)).isEqualTo(Verdict.UNBOUND);
        assertThat(CertificateBinding.check(tokenWith(Map.of()), HOLDER)).isEqualTo(Verdict.UNBOUND);
    }

    @Test
    void checkWhenCnfOrThumbprintMalformedThenRefusedNotThrown() throws Exception {
        String thumbprint = CertificateBinding.thumbprint(HOLDER);
        List<VerifiedJwt> malformed = List.of(
                tokenWith(42),
                tokenWith("x5t#S256"),
                tokenWith(List.of(Map.of("x5t#S256", thumbprint))),
                tokenWith(Map.of("x5t#S256", 42)),
                tokenWith(Map.of("x5t#S256", List.of(thumbprint))),
                tokenWith(Map.of("x5t#S256", Map.of("value", thumbprint))),
                tokenWith(Map.of("x5t#S256", true)));

        for (VerifiedJwt jwt : malformed) {
            assertThat(CertificateBinding.check(jwt, HOLDER))
                    .as(jwt.claims().toString())
                    .isEqualTo(Verdict.MALFORMED);
        }
    }

    @Test
    void checkWhenThumbprintEmptyThenRefused() {
        assertThat(CertificateBinding.check(tokenWith(Map.of("x5t#S256", "")), HOLDER))
                .isEqualTo(Verdict.OTHER_CERTIFICATE);
    }
}
