package dev.jwtfilter.demo.users;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's users, read once from a users file: one user a line, {@code name|group,group|hash},
 * {@code #} for comments. Immutable and thread safe.
 */
public final class UserDirectory {
    private final Map<String, DemoUser> users;

    private UserDirectory(Map<String, DemoUser> users) {
        this.users = Map.copyOf(users);
    }

    /**
     * @throws IOException if the reader fails
     * @throws IllegalArgumentException naming the first malformed line (never its hash)
     */
    public static UserDirectory parse(Reader source) throws IOException {
        Map<String, DemoUser> users = new HashMap<>();
        BufferedReader reader = new BufferedReader(source);
        int number = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\|", -1);
            if (fields.length != 3 || fields[0].isBlank() || !fields[2].startsWith("pbkdf2-sha256$")) {
                throw new IllegalArgumentException(
                        "Users file line " + number + " is not name|groups|pbkdf2-sha256$...");
            }
            LinkedHashSet<String> groups = new LinkedHashSet<>();
            Arrays.stream(fields[1].split(","))
                    .map(String::strip)
                    .filter(g -> !g.isEmpty())
                    .forEach(groups::add);
            users.put(fields[0].strip(), new DemoUser(fields[0].strip(), groups, fields[2].strip()));
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException("The users file defines no user");
        }
        return new UserDirectory(users);
    }

    /** @return the user of that name */
    public Optional<DemoUser> find(String name) {
        return Optional.ofNullable(users.get(name));
    }
}
