package dev.jwtfilter.it.support;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

/** The demo's HTTP contract from the outside: login, refresh, logout, revocation, API calls. */
public final class DemoClient {
    private final URI base;

    public DemoClient(URI base) {
        this.base = base;
    }

    public URI uri(String path) {
        return base.resolve(path);
    }

    public HttpResponse<String> login(String username, String password) throws Exception {
        return Http.postJson(
                uri("/auth/login"), "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    public HttpResponse<String> loginForm(String username, String password) throws Exception {
        return Http.post(
                uri("/auth/login"),
                "application/x-www-form-urlencoded",
                "grant_type=password&username=" + username + "&password=" + password);
    }

    /** @return access_token, refresh_token and the rest of a successful token response */
    public Map<String, Object> tokens(String username, String password) throws Exception {
        HttpResponse<String> response = login(username, password);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("login failed: " + response.statusCode() + " " + response.body());
        }
        return Http.json(response);
    }

    public HttpResponse<String> refresh(String refreshToken) throws Exception {
        return Http.postJson(uri("/auth/refresh"), "{\"refresh_token\":\"" + refreshToken + "\"}");
    }

    public HttpResponse<String> logout(String refreshToken) throws Exception {
        return Http.postJson(uri("/auth/logout"), "{\"refresh_token\":\"" + refreshToken + "\"}");
    }

    /** Logout that also presents the current access token, so that it ends at once too. */
    public HttpResponse<String> logout(String refreshToken, String accessToken) throws Exception {
        return Http.post(
                uri("/auth/logout"),
                "application/json",
                "{\"refresh_token\":\"" + refreshToken + "\"}",
                Http.bearer(accessToken));
    }

    /** RFC 7009 revocation of either kind of token. */
    public HttpResponse<String> revoke(String token) throws Exception {
        return Http.post(uri("/auth/revoke"), "application/x-www-form-urlencoded", "token=" + token);
    }

    public HttpResponse<String> get(String path, String accessToken) throws Exception {
        return accessToken == null ? Http.get(uri(path)) : Http.get(uri(path), Http.bearer(accessToken));
    }

    public static String access(Map<String, Object> tokens) {
        return (String) tokens.get("access_token");
    }

    public static String refreshToken(Map<String, Object> tokens) {
        return (String) tokens.get("refresh_token");
    }
}
