package dev.jwtfilter.it.eeapp;

import dev.jwtfilter.mechanism.JwtAuthenticationMechanism;
import jakarta.enterprise.context.ApplicationScoped;

/** The one class README tells an application to write to enable the mechanism. */
@ApplicationScoped
public class ApiAuthentication extends JwtAuthenticationMechanism {}
