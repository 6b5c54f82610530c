package dev.signpost.dns.notify;

import dev.signpost.core.health.HealthScheduler;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;
import org.xbill.DNS.TSIG;

/**
 * What one secondary has been told of one zone, and when it is told next: the newest SOA to tell, the serial it
 * acknowledged last, the NOTIFY in flight, and one timer (the next send, or the in-flight NOTIFY's retry). Confined
 * to the scheduler's thread.
 *
 * <p>A new serial is sent at once, or {@link NotifySender#SPACING} after the last NOTIFY if that was sooner, so a
 * burst of changes sends a few NOTIFYs carrying the newest serial, not one each. A NOTIFY without a matching answer
 * is sent again (with the newest serial) after 2 s, then 4, 8... up to 60 s, for as long as the serial is newer than
 * the acknowledged one; a newer serial starts the backoff again, so a secondary that was down hears of the next
 * change at once and of the last one within the current step after it comes back.
 */
final class ZoneNotification {

  private static final System.Logger LOG = System.getLogger(ZoneNotification.class.getName());

  private final NotifyTarget target;
  private final Optional<TSIG> key;
  private final HealthScheduler scheduler;
  private final NotifySender.Datagrams out;
  private final NotifyMeters meters;
  private final IntSupplier ids;

  private SOARecord newest;
  private long acknowledged = -1;
  private NotifyMessages.Sent inFlight;
  private long inFlightSerial;
  private long lastSent;
  private boolean everSent;
  private Duration backoff = NotifySender.FIRST_RETRY;
  private HealthScheduler.Cancellable timer = HealthScheduler.Cancellable.NONE;
  /** When the timer runs (nanoTime), and whether it sends a new serial (or retries one). */
  private long timerDue;
  private boolean timerSends;
  private boolean failing;

  ZoneNotification(NotifyTarget target, Optional<TSIG> key, HealthScheduler scheduler, NotifySender.Datagrams out,
      NotifyMeters meters, IntSupplier ids) {
    this.target = target;
    this.key = key;
    this.scheduler = scheduler;
    this.out = out;
    this.meters = meters;
    this.ids = ids;
  }

  /** The zone's SOA is now {@code soa}: tell the secondary unless it has this serial (or a newer one) already. */
  void changed(SOARecord soa) {
    if (newest != null && newest.getSerial() == soa.getSerial()) {
      return;
    }
    newest = soa;
    if (acknowledged >= 0 && Serial.compare(soa.getSerial(), acknowledged) <= 0) {
      return;
    }
    backoff = NotifySender.FIRST_RETRY;
    sendSoon();
  }

  /** Sends the newest serial now, or once the spacing since the last NOTIFY has passed. */
  private void sendSoon() {
    long now = scheduler.time().nanoTime();
    long due = everSent ? Math.max(now, lastSent + NotifySender.SPACING.toNanos()) : now;
    if (timerSends && timerDue - due <= 0) {
      return; // a send is already due as soon
    }
    timer.cancel();
    timerDue = due;
    timerSends = true;
    timer = scheduler.schedule(Duration.ofNanos(due - now), this::send);
  }

  private void send() {
    timerSends = false;
    if (newest == null || (acknowledged >= 0 && Serial.compare(newest.getSerial(), acknowledged) <= 0)) {
      inFlight = null;
      return;
    }
    inFlight = NotifyMessages.notify(newest, ids.getAsInt() & 0xFFFF, key);
    inFlightSerial = newest.getSerial();
    lastSent = scheduler.time().nanoTime();
    everSent = true;
    meters.sent();
    out.send(target.socketAddress(), inFlight.wire());
    Duration wait = backoff;
    backoff = backoff.multipliedBy(2).compareTo(NotifySender.MAX_RETRY) > 0 ? NotifySender.MAX_RETRY
        : backoff.multipliedBy(2);
    timerDue = lastSent + wait.toNanos();
    timer = scheduler.schedule(wait, this::retry);
  }

  /** The wait for an answer is over: count it if none came, and send the newest serial again. */
  private void retry() {
    if (inFlight != null) {
      meters.timedOut();
      failed("did not answer the NOTIFY within " + Duration.ofNanos(timerDue - lastSent).toSeconds() + " s");
      inFlight = null;
    }
    send();
  }

  /** A datagram from the secondary's address: the answer to the NOTIFY in flight, or ignored. */
  void received(byte[] wire) {
    if (inFlight == null) {
      return;
    }
    NotifyMessages.Verdict verdict = NotifyMessages.verdict(inFlight, wire);
    switch (verdict) {
      case UNRELATED -> { }
      case ACKNOWLEDGED -> acknowledged();
      case REFUSED, BAD_SIGNATURE -> {
        // Left to the retry timer: a secondary being reconfigured may take it later.
        inFlight = null;
        meters.failed(verdict);
        failed(verdict == NotifyMessages.Verdict.REFUSED ? "refused the NOTIFY" : "answered the NOTIFY "
            + (key.isPresent() ? "without a valid signature of key " + key.get() : "unsigned"));
      }
      default -> throw new IllegalStateException("unknown verdict " + verdict);
    }
  }

  private void acknowledged() {
    acknowledged = inFlightSerial;
    inFlight = null;
    meters.acknowledged();
    if (failing) {
      failing = false;
      LOG.log(Level.INFO, "secondary " + target.address() + " acknowledged serial " + acknowledged + " of "
          + newest.getName());
    }
    timer.cancel();
    timerSends = false;
    backoff = NotifySender.FIRST_RETRY;
    if (Serial.compare(newest.getSerial(), acknowledged) > 0) {
      sendSoon();
    }
  }

  private void failed(String what) {
    if (!failing) {
      failing = true; // once per streak: a secondary down for a day must not fill the log
      LOG.log(Level.WARNING, "secondary " + target.address() + " " + what + " (zone " + newest.getName()
          + ", serial " + inFlightSerial + "); retrying with backoff up to " + NotifySender.MAX_RETRY.toSeconds()
          + " s");
    }
  }

  /** The serial the secondary acknowledged last, or -1; for tests. */
  long acknowledgedSerial() {
    return acknowledged;
  }
}
