/**
 * DPoP proofs (RFC 9449) on the resource side, free of the servlet API: {@link dev.jwtfilter.proof.DPoPProofVerifier}
 * checks a proof for one request, {@link dev.jwtfilter.proof.DPoPBinding} compares its key with an access token's
 * {@code cnf.jkt}, and {@link dev.jwtfilter.proof.DPoPReplayCache} refuses a proof used twice.
 */
package dev.jwtfilter.proof;
