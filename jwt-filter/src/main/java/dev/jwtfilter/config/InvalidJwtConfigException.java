package dev.jwtfilter.config;

import java.util.List;

/**
 * Thrown when a {@link JwtConfig} cannot be built; lists every problem found, not only the first,
 * so that a deployment can be fixed in one pass. Messages never contain secret values.
 */
public final class InvalidJwtConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The problems, one short sentence each. */
    private final List<String> problems;

    /**
     * Creates the exception from its problems.
     *
     * @param problems one sentence per problem, at least one
     */
    public InvalidJwtConfigException(List<String> problems) {
        super("Invalid JWT configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return every problem found, in the order they were checked */
    public List<String> problems() {
        return problems;
    }
}
