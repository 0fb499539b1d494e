package dev.jwtfilter.demo.users;

import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/**
 * A Jakarta Security {@link IdentityStore} over the {@link UserDirectory}: checks username and password
 * against the stored PBKDF2 hash. Hashing is deliberately slow, so it runs through a {@link HashGate} that
 * caps its share of the CPU: a login flood is refused with {@link HashingBusyException} instead of taking
 * cores and threads from the API. Unknown users cost one hash too, so timing does not tell which names
 * exist. Thread safe.
 */
public final class DemoIdentityStore implements IdentityStore {
    private static final int MAX_WAITING = 8;
    private static final long MAX_WAIT_MILLIS = 2_000;

    private final UserDirectory users;
    private final HashGate hashing;
    private final String decoyHash = PasswordHash.hash("decoy password for unknown users".toCharArray());

    /**
     * @param users the users
     * @param hashingCpuShare the most of one core that password hashing may use, above 0 and at most 1
     */
    public DemoIdentityStore(UserDirectory users, double hashingCpuShare) {
        this.users = users;
        this.hashing = new HashGate(hashingCpuShare, MAX_WAITING, MAX_WAIT_MILLIS);
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential login)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        DemoUser user = users.find(login.getCaller()).orElse(null);
        boolean matches = verifyBounded(login.getPassword().getValue(), user == null ? decoyHash : user.passwordHash());
        if (user == null || !matches) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        return new CredentialValidationResult(user.name(), user.groups());
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return Set.of(ValidationType.VALIDATE);
    }

    private boolean verifyBounded(char[] password, String hash) {
        return hashing.run(() -> PasswordHash.verify(password, hash));
    }

    /** Too many password checks are running; the caller should answer 503 and try later. */
    public static final class HashingBusyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HashingBusyException() {
            super("Password hashing capacity exhausted", null, false, false);
        }
    }
}
