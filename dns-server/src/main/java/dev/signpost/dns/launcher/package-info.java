/**
 * The process: {@link dev.signpost.dns.launcher.Main} parses the command line
 * ({@link dev.signpost.dns.launcher.LauncherOptions}), over the {@code SIGNPOST_*} variables and the
 * {@code --config} file ({@code ConfigSources}, which turns both into flags), and
 * {@link dev.signpost.dns.launcher.SignpostServer} wires every module into one server: the store (journal, or
 * etcd through {@code ClusterNode}), core's {@code ServiceDiscovery}, the zone view, the query pipeline and its
 * transport, and admin-api's HTTP server, with {@link dev.signpost.dns.launcher.Operations} giving admin-api what
 * it may not reach itself (the metrics text, the zone files' reload), and {@code NodeDirectory} giving the zone
 * the nodes its {@code <node>.node.<parent>} names answer (this node, the cluster's members).
 *
 * <p>Logging: {@code ProcessLog} routes every {@code java.util.logging} record (Signpost's, Netty's, etcd's client
 * through slf4j) to stderr as {@code --log-format} and {@code --log-level} say, before anything logs; with
 * {@code json}, {@code JsonLogFormatter} makes each line one object, and the launcher's own lines (the start-up line,
 * a failed start, a fatal error) take the same format.
 *
 * <p>The only package that imports admin-api (DESIGN.md's module table). Runs on the main thread until the
 * server is up, then waits for a signal: SIGTERM/SIGINT stop cleanly, SIGHUP reloads the zone files and the
 * API's TLS files. A fatal error anywhere ends the process ({@link dev.signpost.dns.launcher.FatalErrorExit}),
 * so a supervisor restarts it.
 */
package dev.signpost.dns.launcher;
