package dev.jwtfilter.it.support;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jwtfilter.issue.SigningKeyFiles;
import dev.jwtfilter.issue.SigningKeySet;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * A signing key the test owns and hands to the demo through {@code JWT_SIGNING_KEY_FILE}, so the test can
 * sign tokens that differ from the demo's in one claim or header only.
 */
public final class DemoKeys {
    /** The demo's issuer when deployed at the root context without {@code JWT_ISSUER} (its container default). */
    public static final String ISSUER = "http://localhost:8080";

    public static final String AUDIENCE = "jwt-demo-api";

    private final Path file;

    private DemoKeys(Path file) {
        this.file = file;
    }

    public static DemoKeys create(Path dir) {
        Path file = dir.resolve("signing-keys.json");
        SigningKeyFiles.save(file, SigningKeySet.generate(JWSAlgorithm.RS256));
        return new DemoKeys(file);
    }

    public Path file() {
        return file;
    }

    public SigningKeySet current() {
        return SigningKeyFiles.load(file);
    }

    /** Rotates: a new active key, the old one kept as retiring (still published). */
    public SigningKeySet rotate() {
        SigningKeySet rotated = current().rotate();
        SigningKeyFiles.save(file, rotated);
        return rotated;
    }

    public RSAKey activeKey() {
        return (RSAKey) current().activeKey();
    }

    /** @return claims of a valid demo access token for alice */
    public static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("alice")
                .claim("upn", "alice")
                .claim("groups", List.of("user"))
                .claim("client_id", "demo-web")
                .jwtID(java.util.UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
    }

    public String sign(JWTClaimsSet claims) throws Exception {
        RSAKey key = activeKey();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(new JOSEObjectType("at+jwt"))
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
