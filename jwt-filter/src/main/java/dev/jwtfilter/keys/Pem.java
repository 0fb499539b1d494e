package dev.jwtfilter.keys;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.X509CertUtils;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM public keys and certificates into JWKs with the JDK's own key factories, so that no
 * Bouncy Castle is needed. Used at start-up only.
 */
final class Pem {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private Pem() {}

    static List<JWK> parsePublicKeys(String pem) {
        List<JWK> keys = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(pem);
        while (matcher.find()) {
            keys.add(parseBlock(matcher.group(1), matcher.group(0), matcher.group(2)));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(
                    "No PEM block found: expected -----BEGIN PUBLIC KEY----- or -----BEGIN CERTIFICATE-----");
        }
        return keys;
    }

    private static JWK parseBlock(String label, String block, String body) {
        switch (label) {
            case "PUBLIC KEY":
                return toJwk(decodePublicKey(Base64.getMimeDecoder().decode(body)));
            case "CERTIFICATE":
                X509Certificate cert = X509CertUtils.parse(block);
                if (cert == null) {
                    throw new IllegalArgumentException("PEM certificate could not be parsed");
                }
                return toJwk(cert.getPublicKey());
            default:
                throw new IllegalArgumentException("Unsupported PEM block '" + label
                        + "': give a public key (BEGIN PUBLIC KEY) or a certificate, never a private key");
        }
    }

    private static PublicKey decodePublicKey(byte[] der) {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new IllegalArgumentException("PEM public key is neither RSA nor EC");
    }

    private static JWK toJwk(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).build();
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (curve == null) {
                throw new IllegalArgumentException("EC public key uses an unsupported curve");
            }
            return new ECKey.Builder(curve, ec).build();
        }
        throw new IllegalArgumentException("Unsupported public key algorithm " + key.getAlgorithm());
    }
}
