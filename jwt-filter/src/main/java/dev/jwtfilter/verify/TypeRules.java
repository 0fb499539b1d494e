package dev.jwtfilter.verify;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import dev.jwtfilter.event.AuthEventReason;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the {@code typ} header against the accepted values, case-insensitively and with an optional
 * {@code application/} prefix, as RFC 7515 section 4.1.9 asks. The accepted set is normalised once.
 */
final class TypeRules implements JOSEObjectTypeVerifier<SecurityContext> {
    private final Set<String> accepted;
    private final boolean required;

    TypeRules(Set<String> acceptedTypes, boolean required) {
        this.accepted = acceptedTypes.stream().map(TypeRules::normalise).collect(Collectors.toUnmodifiableSet());
        this.required = required;
    }

    @Override
    public void verify(JOSEObjectType type, SecurityContext context) throws BadJOSEException {
        if (type == null) {
            if (required) {
                throw new RuleRejection(AuthEventReason.WRONG_TYPE, "Required typ header missing");
            }
            return;
        }
        if (!accepted.contains(normalise(type.getType()))) {
            throw new RuleRejection(AuthEventReason.WRONG_TYPE, "Unaccepted typ header");
        }
    }

    private static String normalise(String type) {
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.startsWith("application/") ? lower.substring("application/".length()) : lower;
    }
}
