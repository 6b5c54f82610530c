/**
 * The Consul-compatible API: resources per API area ({@code AgentServiceResource}, {@code CatalogResource},
 * {@code HealthResource}, {@code AgentSelfResource}, {@code StatusResource}), the Jackson DTOs spelled as
 * Consul spells them, and one mapper per resource between core's values and those DTOs.
 *
 * <p>Entry point: {@link dev.signpost.admin.consul.ConsulApi#routes}, the route table. Threading: every
 * method runs on an event loop and returns at once; writes return the registry's stage. Depends on core
 * (through {@code ServiceDiscovery}), the {@code http} and {@code json} packages and Jackson annotations;
 * no Netty types appear here.
 */
package dev.signpost.admin.consul;
