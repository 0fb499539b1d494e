/**
 * The JDBC plumbing that the refresh-token store, the revocation list and the DPoP replay cache share: running
 * work on a connection (in a transaction or statement by statement), creating a schema when several nodes start
 * at once, binding instants. Internal, not API: it may change in any release. It depends on no other package of the library;
 * each store passes its own exception, so that a database failure keeps the store's classification.
 */
package dev.jwtfilter.internal.jdbc;
