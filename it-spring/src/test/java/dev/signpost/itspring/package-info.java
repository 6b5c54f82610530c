/**
 * A real Spring Boot app with Spring Cloud Consul against the packaged Signpost jar: its configuration comes from
 * Signpost's KV ({@code spring.config.import=consul:}) and is watched with blocking queries, it finds services
 * through Signpost's health endpoint and registers itself with a TTL check it keeps passing. The jar runs as a child
 * process ({@link dev.signpost.itspring.SignpostJar}); the app runs in the test's JVM. Tests only: nothing here is
 * part of Signpost.
 */
package dev.signpost.itspring;
