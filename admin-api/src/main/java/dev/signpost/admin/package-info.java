/**
 * Signpost's admin HTTP API, compatible with Consul's agent, catalog, health and status endpoints so
 * that Consul clients work unchanged, plus Signpost's own endpoints under {@code /v1/signpost/} (a
 * service's DNS policy, an instance's load).
 *
 * <p>Entry point: {@link dev.signpost.admin.AdminServer#start} with an {@link dev.signpost.admin.AdminConfig}.
 * Sub-packages: {@code http} (Netty pipeline, routing, errors, blocking queries, the Host check),
 * {@code consul} (the resources, DTOs and mappers, Signpost's own included), {@code json} (Jackson
 * configuration, Go durations), {@code tls} (the certificate, key and client CA files, reloadable). The
 * dashboard ({@code /ui/}) is plain HTML, CSS and JavaScript modules in the resources folder
 * {@code dev/signpost/admin/ui/}, served as they are by {@code http.StaticFilesHandler}; it reads the API
 * like any client.
 *
 * <p>Threading: a small NIO event-loop group owned by the server; no request blocks a thread.
 * Dependencies: core, Netty's HTTP codec, Jackson. Never dnsjava or the zones module; only the
 * launcher in dns-server depends on this module.
 */
package dev.signpost.admin;
