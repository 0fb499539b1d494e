package dev.jwtfilter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates made at test time by the JDK's own {@code keytool} (no CA, EC P-256, valid two days,
 * for {@code 127.0.0.1}), each in a PKCS#12 key store of its own; and the TLS contexts that present or trust them.
 */
public final class TestCertificates {
    /** The password of every key store made here. */
    public static final char[] PASSWORD = "changeit".toCharArray();

    private static final String ALIAS = "key";

    /**
     * One certificate with its private key.
     *
     * @param keyStore the PKCS#12 key store holding both under one alias
     * @param certificate the certificate
     */
    public record Identity(KeyStore keyStore, X509Certificate certificate) {}

    private TestCertificates() {}

    /**
     * @param commonName the subject's CN
     * @return a new key pair and self-signed certificate, made by {@code keytool} in a temporary directory
     */
    public static Identity selfSigned(String commonName) {
        try {
            Path dir = Files.createTempDirectory("jwt-filter-certs");
            Path file = dir.resolve(commonName + ".p12");
            keytool(file, commonName);
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                keyStore.load(in, PASSWORD);
            }
            Files.delete(file);
            Files.delete(dir);
            return new Identity(keyStore, (X509Certificate) keyStore.getCertificate(ALIAS));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param certificates the certificates to trust
     * @return a key store holding only those certificates, as trust anchors
     */
    public static KeyStore trusting(X509Certificate... certificates) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < certificates.length; i++) {
                trust.setCertificateEntry("trusted-" + i, certificates[i]);
            }
            return trust;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param presented the identity to present as client certificate, or {@code null} for none
     * @param trusted the server certificate to trust
     * @return a TLS context for a client
     */
    public static SSLContext clientContext(Identity presented, X509Certificate trusted) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusting(trusted));
            KeyManagerFactory keys = null;
            if (presented != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(presented.keyStore(), PASSWORD);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void keytool(Path file, String commonName) throws IOException {
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        String password = new String(PASSWORD);
        Process process = new ProcessBuilder(List.of(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        ALIAS,
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-sigalg",
                        "SHA256withECDSA",
                        "-dname",
                        "CN=" + commonName,
                        "-ext",
                        "SAN=ip:127.0.0.1,dns:localhost",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        file.toString(),
                        "-storepass",
                        password,
                        "-keypass",
                        password))
                .redirectErrorStream(true)
                .start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
