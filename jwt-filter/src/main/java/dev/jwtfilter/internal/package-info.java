/**
 * Helpers shared by several packages of the library; internal, not API: they may change or go in any
 * release. Nothing here depends on another package of the library except {@code internal} ones.
 */
package dev.jwtfilter.internal;
