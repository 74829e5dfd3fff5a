/**
 * Bearer tokens: verifying them (nimbus-jose-jwt with an algorithm allow-list), the one mapping
 * between JWT claims and {@link dev.fieldops.kernel.Principal}, and the local development key that
 * lets the services, the tests and {@code ./fieldops token} agree on tokens without any setup. Kept
 * apart from the interceptors so that the token command line needs no server.
 */
package dev.fieldops.grpc.auth;
