package dev.jwtfilter.demo.users;

import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A Jakarta Security {@link IdentityStore} over the {@link UserDirectory}: checks username and password
 * against the stored PBKDF2 hash. Hashing is deliberately slow, so at most {@code permits} hashes run at
 * once and a caller waits at most a moment for a permit: a login flood is refused with
 * {@link HashingBusyException} instead of taking every core and thread from the API. Unknown users cost
 * one hash too, so timing does not tell which names exist. Thread safe.
 */
public final class DemoIdentityStore implements IdentityStore {
    private static final long PERMIT_WAIT_MILLIS = 250;

    private final UserDirectory users;
    private final Semaphore hashing;
    private final String decoyHash = PasswordHash.hash("decoy password for unknown users".toCharArray());

    /**
     * @param users the users
     * @param permits how many password hashes may run at once
     */
    public DemoIdentityStore(UserDirectory users, int permits) {
        this.users = users;
        this.hashing = new Semaphore(permits);
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
        boolean acquired;
        try {
            acquired = hashing.tryAcquire(PERMIT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HashingBusyException();
        }
        if (!acquired) {
            throw new HashingBusyException();
        }
        try {
            return PasswordHash.verify(password, hash);
        } finally {
            hashing.release();
        }
    }

    /** Too many password checks are running; the caller should answer 503 and try later. */
    public static final class HashingBusyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HashingBusyException() {
            super("Password hashing capacity exhausted", null, false, false);
        }
    }
}
