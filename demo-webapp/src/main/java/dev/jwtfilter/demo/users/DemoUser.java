package dev.jwtfilter.demo.users;

import java.util.Set;

/**
 * One user of the demo.
 *
 * @param name the login name, also the token subject
 * @param groups the roles
 * @param passwordHash a {@link PasswordHash} string; never the password
 */
public record DemoUser(String name, Set<String> groups, String passwordHash) {
    /** Copies the groups. */
    public DemoUser {
        groups = Set.copyOf(groups);
    }

    @Override
    public String toString() {
        return "DemoUser[" + name + ", groups=" + groups + "]";
    }
}
