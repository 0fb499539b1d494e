package dev.jwtfilter.demo.auth;

import dev.jwtfilter.demo.DemoServices;
import dev.jwtfilter.demo.users.DemoUser;
import dev.jwtfilter.demo.web.Json;
import dev.jwtfilter.issue.AccessTokenRequest;
import dev.jwtfilter.issue.IssuedAccessToken;
import dev.jwtfilter.principal.JwtPrincipal;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /demo/expired-token}, for the demo page only: answers the caller's own access token again,
 * really signed by the demo's key but already expired, so the page can show the filter's 401
 * {@code invalid_token} and the refresh that follows. The path is not public: the filter lets only a valid
 * access token through, and the new token names the same user, so it grants nothing the caller lacks.
 */
public final class ExpiredTokenServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        DemoServices services = DemoServices.of(getServletContext());
        Optional<DemoUser> user = request.getUserPrincipal() instanceof JwtPrincipal principal
                ? principal.getJwt().subject().flatMap(services.users()::find) : Optional.empty();
        if (user.isEmpty()) {
            // The filter admits only valid tokens here; a user removed since then gets nothing.
            Json.error(response, 403, "access_denied", "No such user");
            return;
        }
        IssuedAccessToken expired = services.expiredTokenIssuer(getServletContext())
                .issue(AccessTokenRequest.of(user.get().name(), user.get().name(), user.get().groups())
                        .withClientId(DemoServices.CLIENT_ID));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", expired.token());
        body.put("token_type", "Bearer");
        body.put("expired_at", expired.expiresAt().getEpochSecond());
        Json.write(response, 200, body);
    }
}
