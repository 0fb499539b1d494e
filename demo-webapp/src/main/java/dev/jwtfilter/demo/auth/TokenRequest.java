package dev.jwtfilter.demo.auth;

import java.util.Map;
import java.util.Optional;

/**
 * The parameters of a request to an auth endpoint, from a JSON object or a form; only string values are
 * kept. Holds passwords and tokens, so it has no {@code toString} of its own content.
 */
final class TokenRequest {
    private final Map<String, String> params;
    private final boolean form;

    TokenRequest(Map<String, String> params, boolean form) {
        this.params = Map.copyOf(params);
        this.form = form;
    }

    Optional<String> get(String name) {
        String value = params.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    boolean isForm() {
        return form;
    }

    @Override
    public String toString() {
        return "TokenRequest[" + params.keySet() + "]";
    }
}
