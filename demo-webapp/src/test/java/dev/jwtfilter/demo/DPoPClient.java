package dev.jwtfilter.demo;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * A DPoP client of the demo's token endpoint, as RFC 9449 section 5 describes one: it signs a proof with its own key
 * (Nimbus {@link SignedJWT}, {@code typ: dpop+jwt}, the public {@code jwk} in the header) for each token request,
 * and sends it in the {@code DPoP} header. {@link #raw} writes a header and claims as given, so that a test can send
 * what Nimbus' builders refuse to write (a private {@code jwk}, {@code alg: none}).
 */
final class DPoPClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private DPoPClient() {}

    /** A proof signed with the key, for the method and URL, issued now. */
    static String proof(JWK key, JWSAlgorithm algorithm, String method, URI htu) {
        return proof(key, algorithm, method, htu, null);
    }

    /**
     * A proof signed with the key, for the method and URL, issued now; with an access token, for a request to a
     * resource, its {@code ath} (RFC 9449 section 4.2).
     */
    static String proof(JWK key, JWSAlgorithm algorithm, String method, URI htu, String accessToken) {
        try {
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                    .jwtID(UUID.randomUUID().toString())
                    .claim("htm", method)
                    .claim("htu", htu.toString())
                    .issueTime(new Date());
            if (accessToken != null) {
                claims.claim(
                        "ath",
                        Base64URL.encode(java.security.MessageDigest.getInstance("SHA-256")
                                        .digest(accessToken.getBytes(StandardCharsets.US_ASCII)))
                                .toString());
            }
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(algorithm)
                            .type(new JOSEObjectType("dpop+jwt"))
                            .jwk(key.toPublicJWK())
                            .build(),
                    claims.build());
            jwt.sign(new DefaultJWSSignerFactory().createJWSSigner(key, algorithm));
            return jwt.serialize();
        } catch (JOSEException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid proof for {@code POST} to the URL. */
    static String proof(JWK key, JWSAlgorithm algorithm, URI htu) {
        return proof(key, algorithm, "POST", htu);
    }

    /** Header and claims exactly as given, signed by {@code signer} over their JSON (or unsigned for none). */
    static String raw(Map<String, Object> header, Map<String, Object> claims, com.nimbusds.jose.JWSSigner signer) {
        String input = encode(header) + "." + encode(claims);
        if (signer == null) {
            return input + ".";
        }
        try {
            JWSAlgorithm algorithm = JWSAlgorithm.parse((String) header.get("alg"));
            return input + "." + signer.sign(new JWSHeader(algorithm), input.getBytes(StandardCharsets.US_ASCII));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Valid claims for {@code POST} to the URL, as a map to break. */
    static Map<String, Object> claims(URI htu) {
        return new java.util.LinkedHashMap<>(Map.of(
                "jti",
                UUID.randomUUID().toString(),
                "htm",
                "POST",
                "htu",
                htu.toString(),
                "iat",
                System.currentTimeMillis() / 1000));
    }

    private static String encode(Map<String, Object> json) {
        return Base64URL.encode(JSONObjectUtils.toJSONString(json)).toString();
    }

    /** A form POST with the given {@code DPoP} header values (none, one or several). */
    static HttpResponse<String> postForm(URI url, Map<String, String> form, String... proofs) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        for (String proof : proofs) {
            request.header("DPoP", proof);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A form POST with extra headers, given as name, value, name, value... */
    static HttpResponse<String> postForm(URI url, String form, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The OAuth2 password grant for a demo user. */
    static HttpResponse<String> login(URI base, String user, String password, String... proofs) throws Exception {
        return postForm(
                base.resolve("/auth/login"),
                Map.of("grant_type", "password", "username", user, "password", password),
                proofs);
    }

    /** The refresh-token grant. */
    static HttpResponse<String> refresh(URI base, String refreshToken, String... proofs) throws Exception {
        return postForm(
                base.resolve("/auth/refresh"),
                Map.of("grant_type", "refresh_token", "refresh_token", refreshToken),
                proofs);
    }
}
