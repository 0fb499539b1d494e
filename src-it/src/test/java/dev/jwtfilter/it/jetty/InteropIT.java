package dev.jwtfilter.it.jetty;

import static dev.jwtfilter.it.support.DemoClient.access;
import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.nimbusds.jose.jwk.RSAKey;
import dev.jwtfilter.it.support.DemoClient;
import dev.jwtfilter.it.support.DemoKeys;
import dev.jwtfilter.it.support.DeployedWars;
import dev.jwtfilter.it.support.Http;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens cross between the demo (Nimbus) and an independent library, Auth0 java-jwt, in both directions. */
class InteropIT {
    private static DemoKeys keys;
    private static JettyNode node;
    private static DemoClient demo;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory("it-interop");
        keys = DemoKeys.create(data);
        node = JettyNode.start(
                DeployedWars.demo(),
                Map.of(
                        "JWT_DEMO_DATA",
                        data.toString(),
                        "JWT_SIGNING_KEY_FILE",
                        keys.file().toString()));
        demo = new DemoClient(node.base());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void demoWhenTokenSignedByJavaJwtWithItsKeyThenAccepted() throws Exception {
        RSAKey key = keys.activeKey();
        Instant now = Instant.now();
        String token = JWT.create()
                .withHeader(Map.of("typ", "at+jwt"))
                .withKeyId(key.getKeyID())
                .withIssuer(DemoKeys.ISSUER)
                .withAudience(DemoKeys.AUDIENCE)
                .withSubject("admin")
                .withClaim("upn", "admin")
                .withClaim("groups", List.of("user", "admin"))
                .withClaim("client_id", "demo-web")
                .withJWTId(UUID.randomUUID().toString()) // RFC 9068; the demo refuses tokens it could not revoke
                .withIssuedAt(now)
                .withExpiresAt(now.plusSeconds(300))
                .sign(Algorithm.RSA256(key.toRSAPublicKey(), key.toRSAPrivateKey()));

        HttpResponse<String> me = demo.get("/api/me", token);

        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(Http.json(me)).containsEntry("name", "admin");
        assertThat(demo.get("/api/admin", token).statusCode()).isEqualTo(200);
    }

    @Test
    void javaJwtWhenVerifyingTheDemosAccessTokenThenAcceptedWithItsClaims() throws Exception {
        String token = access(demo.tokens("alice", "alice-demo-pass"));
        RSAPublicKey publicKey = keys.activeKey().toRSAPublicKey();

        DecodedJWT decoded = JWT.require(Algorithm.RSA256(publicKey, (RSAPrivateKey) null))
                .withIssuer(DemoKeys.ISSUER)
                .withAudience(DemoKeys.AUDIENCE)
                .build()
                .verify(token);

        assertThat(decoded.getClaim("upn").asString()).isEqualTo("alice");
        assertThat(decoded.getClaim("groups").asList(String.class)).containsExactly("user");
        assertThat(decoded.getType()).isEqualTo("at+jwt");
        assertThat(decoded.getKeyId()).isEqualTo(keys.activeKey().getKeyID());
    }
}
