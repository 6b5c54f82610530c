/**
 * JSON as the admin API speaks it: the configured Jackson mapper ({@link dev.signpost.admin.json.JsonCodec})
 * and Go's duration syntax ({@link dev.signpost.admin.json.GoDuration}), which Consul uses for check
 * intervals and for the {@code wait} of blocking queries.
 *
 * <p>Entry points: {@code JsonCodec} (one per server) and the static {@code GoDuration.parse/format}.
 * Threading: everything here is immutable and thread-safe. Depends on Jackson only; no Netty, no core.
 */
package dev.signpost.admin.json;
