/**
 * TLS for the admin API: {@link dev.signpost.admin.tls.TlsFiles} says where the PEM certificate, key and
 * optional client CA are, {@link dev.signpost.admin.tls.ServerTls} reads them into a Netty {@code SslContext}
 * (JDK provider, TLS 1.2 and 1.3) and hands each new connection an {@code SslHandler}; {@code reload()}
 * swaps the context for new connections. Reading the files is done here with the JDK, so that each
 * failure is one line naming its file.
 *
 * <p>Threading: loading and reloading block on file reads and run on the caller's thread (start-up,
 * SIGHUP), never on an event loop; event loops only read the current context. Depends on Netty's
 * {@code handler} module and the JDK.
 */
package dev.signpost.admin.tls;
