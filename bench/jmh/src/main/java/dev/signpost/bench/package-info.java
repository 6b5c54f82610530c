/**
 * What the JMH benchmarks share: a registry with its zone, built as the launcher builds them, and the queries
 * they ask. The benchmarks themselves sit in the package of what they measure (dev.signpost.dns,
 * dev.signpost.zones, dev.signpost.balance), some to reach package-private classes. Run with bench/jmh.sh.
 */
package dev.signpost.bench;
