package dev.signpost.dns.forward;

import com.github.benmanes.caffeine.cache.Expiry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * An upstream's answer as the cache holds it: the message, when it was stored and how long it lives
 * (both in {@link dev.signpost.core.TimeSource#nanoTime} nanoseconds, the cache's ticker).
 */
record CachedAnswer(Message message, long storedNanos, long lifetimeNanos) {

  private static final int[] RECORD_SECTIONS = {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL};

  /**
   * A copy of the answer whose TTLs are lowered by the whole seconds spent in the cache, never below 0,
   * so that whoever caches it after us does not keep it longer than its owner allowed.
   */
  Message aged(long nowNanos) {
    long elapsed = Math.max(0, TimeUnit.NANOSECONDS.toSeconds(nowNanos - storedNanos));
    Message copy = message.clone();
    if (elapsed == 0) {
      return copy;
    }
    for (int section : RECORD_SECTIONS) {
      List<Record> records = new ArrayList<>(copy.getSection(section));
      copy.removeAllRecords(section);
      for (Record r : records) {
        copy.addRecord(r.getType() == Type.OPT || r.getType() == Type.TSIG ? r
            : withTtl(r, Math.max(0, r.getTTL() - elapsed)), section);
      }
    }
    return copy;
  }

  /** dnsjava offers no public way to change a TTL, so the record's wire form is patched and re-read. */
  private static Record withTtl(Record r, long ttl) {
    if (ttl == r.getTTL()) {
      return r;
    }
    byte[] wire = r.toWire(Section.ANSWER); // owner name uncompressed, then type, class, TTL
    int at = r.getName().length() + 4;
    wire[at] = (byte) (ttl >>> 24);
    wire[at + 1] = (byte) (ttl >>> 16);
    wire[at + 2] = (byte) (ttl >>> 8);
    wire[at + 3] = (byte) ttl;
    try {
      return Record.fromWire(wire, Section.ANSWER);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot re-read a record dnsjava wrote: " + r, e);
    }
  }

  /** Caffeine's per-entry expiry: each answer lives for its own lifetime, counted from when it was stored. */
  static final class Lifetime implements Expiry<CacheKey, CachedAnswer> {

    @Override
    public long expireAfterCreate(CacheKey key, CachedAnswer value, long currentTime) {
      return value.lifetimeNanos();
    }

    @Override
    public long expireAfterUpdate(CacheKey key, CachedAnswer value, long currentTime, long currentDuration) {
      return value.lifetimeNanos();
    }

    @Override
    public long expireAfterRead(CacheKey key, CachedAnswer value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
