package dev.jwtfilter.core;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * An RFC 9470 step-up requirement on a servlet or Jakarta REST resource class or method: the caller's token must
 * carry one of the {@link #acr} values in its {@code acr} claim and/or an {@code auth_time} no older than
 * {@link #maxAgeSeconds}. A token that does not meet it is answered 401 {@code insufficient_user_authentication}
 * with {@code acr_values} and {@code max_age} (RFC 9470 section 3); a request without a token, with the usual bare
 * challenge. As with {@code @RolesAllowed} (Jakarta Annotations 2.1 section 2.1), an annotation on the method
 * replaces the one on the class. On servlets the filter and the mechanism read it on the {@code doGet}/
 * {@code doPost}/... method or the servlet class; on Jakarta REST resources {@code StepUpFeature}
 * ({@code dev.jwtfilter.web.jaxrs}) does. An annotation that sets neither member, or a negative
 * {@code maxAgeSeconds} other than {@code -1}, is a mistake: the resource is then refused to everyone (403) and the
 * mistake logged once.
 */
@Retention(RUNTIME)
@Target({TYPE, METHOD})
@Documented
public @interface StepUp {
    /** @return acceptable {@code acr} values; empty: any */
    String[] acr() default {};

    /** @return the longest time in seconds since {@code auth_time}; -1: no limit */
    long maxAgeSeconds() default -1;
}
