/**
 * What the server and the Java client share to choose an instance: the load-balancing strategies and the
 * circuit breaker. Depends on the JDK only, so the client carries none of the server's transport, storage
 * or HTTP code.
 */
package dev.signpost.balance;
