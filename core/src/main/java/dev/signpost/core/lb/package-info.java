/**
 * What the server adds to the shared load balancing of {@code dev.signpost.balance} (the strategies, the
 * tiers, the live instance numbers, all JDK-only so the Java client runs the same code):
 * {@link dev.signpost.core.lb.ClientZones}, the operator's {@code --client-zone CIDR=ZONE} table that gives
 * a DNS client the zone the strategies and the tiers prefer, since a query itself says nothing about zones.
 *
 * <p>Immutable and shared by DNS threads; depends on the JDK, {@code dev.signpost.core} value types
 * ({@code Cidr}, {@code Addresses}) and nothing else.
 */
package dev.signpost.core.lb;
