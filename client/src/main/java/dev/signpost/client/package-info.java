/**
 * The Java client of Signpost: discovers a service, balances over its instances, retries and breaks
 * circuits in the caller.
 *
 * <p>Entry point: {@link dev.signpost.client.SignpostClient} ({@code SignpostClient.builder("payments")...
 * .build()}), one per service; {@link dev.signpost.client.SignpostClient#call} with a
 * {@link dev.signpost.client.Call} runs a call, {@link dev.signpost.client.SignpostClient#pick} only chooses.
 * The strategies, tiers and circuit breaker are the server's own, from {@code dev.signpost.balance}.
 *
 * <p>Threading: the client is thread-safe. It runs one watch thread (blocking queries on the health API), one
 * thread sending outcome reports, and call threads that run each attempt under its timeout; all are daemon
 * threads named {@code signpost-*-<service>}, stopped by {@code close()}. Time and randomness are injected for
 * tests.
 *
 * <p>Depends on the JDK ({@code java.net.http}; JNDI's DNS provider for the SRV fallback), Jackson and
 * {@code dev.signpost.balance}; never on the server's modules. Micrometer is optional and only
 * {@code dev.signpost.client.micrometer} names it.
 */
package dev.signpost.client;
