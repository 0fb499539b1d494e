package dev.jwtfilter.demo.web;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.jwtfilter.demo.DemoIssuer;
import dev.jwtfilter.demo.JwtFilterState;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /.well-known/oauth-authorization-server} (RFC 8414): the demo's authorization server metadata, made
 * once at start from its configuration, never from a request. It says only what the endpoints do:
 * <ul>
 *   <li>{@code token_endpoint} is {@code /auth/login}, which takes {@code grant_type=password} and nothing else,
 *       so {@code grant_types_supported} is {@code ["password"]}: the demo rotates refresh tokens at its own
 *       {@code /auth/refresh}, which is not the token endpoint;
 *   <li>{@code response_types_supported} is REQUIRED (section 2) but the demo has no authorization endpoint, so
 *       it supports no response type: the list is empty, and {@code authorization_endpoint} is left out, as
 *       section 2 allows when no grant type uses it;
 *   <li>its clients are public: {@code none} is the one client authentication method, at the token endpoint
 *       and at {@code /auth/revoke} (RFC 7009);
 *   <li>{@code dpop_signing_alg_values_supported} (RFC 9449 section 5.1) are the algorithms of the proofs the
 *       token endpoint accepts; the demo defines no scopes, so there is no {@code scopes_supported}.
 * </ul>
 * The filter's issuer must be the one the servlet was mapped for, or it refuses to start. Made by
 * {@code DemoBootstrap}; never serialized.
 */
public final class AuthorizationServerMetadataServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient DemoIssuer issuer;
    private final transient JwtFilterState filter;
    private final transient List<String> dpopAlgorithms;
    private transient byte[] document;

    /**
     * @param issuer the demo's issuer, whose paths the endpoints are
     * @param filter what the JWT filter publishes when it starts: the issuer it checks tokens against
     * @param dpopAlgorithms the algorithms of the DPoP proofs the token endpoint accepts
     */
    public AuthorizationServerMetadataServlet(DemoIssuer issuer, JwtFilterState filter, List<String> dpopAlgorithms) {
        this.issuer = issuer;
        this.filter = filter;
        this.dpopAlgorithms = List.copyOf(dpopAlgorithms);
    }

    /** Builds the document, after the filter has started; refuses to start when the filter has another issuer. */
    @Override
    public void init() throws ServletException {
        String checked = filter.config().ownIssuer().orElseThrow().issuer();
        if (!checked.equals(issuer.issuer())) {
            throw new ServletException("The JWT filter's jwt.issuer is not the demo's issuer: set JWT_ISSUER only");
        }
        document =
                JSONObjectUtils.toJSONString(document(issuer, dpopAlgorithms)).getBytes(StandardCharsets.UTF_8);
    }

    /** @return the metadata members, in the order RFC 8414 section 2 lists them */
    static Map<String, Object> document(DemoIssuer issuer, List<String> dpopAlgorithms) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("issuer", issuer.issuer());
        members.put("token_endpoint", issuer.endpoint("/auth/login"));
        members.put("jwks_uri", issuer.endpoint("/.well-known/jwks.json"));
        members.put("response_types_supported", List.of());
        members.put("grant_types_supported", List.of("password"));
        members.put("token_endpoint_auth_methods_supported", List.of("none"));
        members.put("revocation_endpoint", issuer.endpoint("/auth/revoke"));
        members.put("revocation_endpoint_auth_methods_supported", List.of("none"));
        members.put("dpop_signing_alg_values_supported", dpopAlgorithms);
        return members;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "public, max-age=600");
        response.setContentLength(document.length);
        response.getOutputStream().write(document);
    }
}
