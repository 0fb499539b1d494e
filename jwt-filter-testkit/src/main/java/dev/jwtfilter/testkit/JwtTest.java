package dev.jwtfilter.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registers a {@link JwtTestKit} for a test class, configured by these attributes; test methods and the
 * constructor receive it by declaring a {@code JwtTestKit} parameter. One key pair per class (nested
 * classes share their outer class's kit).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(JwtTestKit.class)
public @interface JwtTest {
    /** @return the issuer of tokens and configuration */
    String issuer() default JwtTestKit.DEFAULT_ISSUER;

    /** @return the audience of tokens and configuration */
    String audience() default JwtTestKit.DEFAULT_AUDIENCE;

    /** @return {@code RS256} (RSA 2048) or {@code ES256} (P-256) */
    String algorithm() default "RS256";

    /** @return the claim (or dotted path) roles are written to and read from */
    String rolesClaim() default "groups";
}
