package dev.signpost.dns.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * NOTIFYs by secondary ({@code target} is its {@code address:port}): sent (first tries and retries), acknowledged,
 * and failed by reason: {@code timeout} (no answer in time), {@code refused} (an error code, e.g. REFUSED or
 * NOTAUTH) or {@code bad_signature} (a signed NOTIFY's answer unsigned or not verifying). A secondary whose
 * {@code failed} grows while {@code acknowledged} does not is not hearing of changes; it still refreshes on its
 * own SOA timers.
 */
final class NotifyMeters {

  private final Counter sent;
  private final Counter acknowledged;
  private final Counter timedOut;
  private final Counter refused;
  private final Counter badSignature;

  NotifyMeters(MeterRegistry registry, NotifyTarget target) {
    String tag = target.address();
    sent = Counter.builder("signpost.notify.sent").tag("target", tag)
        .description("NOTIFY messages sent to a secondary, retries included").register(registry);
    acknowledged = Counter.builder("signpost.notify.acknowledged").tag("target", tag)
        .description("NOTIFY messages a secondary acknowledged").register(registry);
    timedOut = failed(registry, tag, "timeout");
    refused = failed(registry, tag, "refused");
    badSignature = failed(registry, tag, "bad_signature");
  }

  private static Counter failed(MeterRegistry registry, String target, String reason) {
    return Counter.builder("signpost.notify.failed").tag("target", target).tag("reason", reason)
        .description("NOTIFY messages a secondary did not acknowledge, by reason").register(registry);
  }

  void sent() {
    sent.increment();
  }

  void acknowledged() {
    acknowledged.increment();
  }

  void failed(NotifyMessages.Verdict verdict) {
    (verdict == NotifyMessages.Verdict.REFUSED ? refused : badSignature).increment();
  }

  void timedOut() {
    timedOut.increment();
  }
}
