package dev.signpost.dns.handlers;

import dev.signpost.zones.Serials;
import dev.signpost.zones.ZoneContents;
import dev.signpost.zones.ZoneHistory;
import dev.signpost.zones.ZoneSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Zone;

/**
 * The records of a transfer in the order they are sent, made as they are read: AXFR's SOA, the zone, SOA (RFC 5936
 * §2.2); IXFR's SOA, then for each change the old SOA, what left, the new SOA, what came, and the SOA again (RFC 1995
 * §4).
 */
final class TransferRecords {

  private TransferRecords() {}

  /** The registry's zone at {@code snapshot}, one service's records at a time. */
  static Iterator<Record> axfr(ZoneContents contents, ZoneSnapshot snapshot) {
    return new Chained(List.<Record>of(snapshot.soa()).iterator(), contents.groups(snapshot), snapshot.soa());
  }

  static Iterator<Record> ixfr(ZoneHistory.Differences differences) {
    Iterator<ZoneHistory.Difference> steps = differences.differences().iterator();
    Iterator<List<Record>> groups = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return steps.hasNext();
      }

      @Override
      public List<Record> next() {
        ZoneHistory.Difference d = steps.next();
        List<Record> group = new ArrayList<>(d.deleted().size() + d.added().size() + 2);
        group.add(d.from());
        group.addAll(d.deleted());
        group.add(d.to());
        group.addAll(d.added());
        return group;
      }
    };
    return new Chained(List.<Record>of(differences.soa()).iterator(), groups, differences.soa());
  }

  /**
   * A zone file's records, AXFR's way; for an IXFR from {@code serial} (else -1) at the file's serial or later, its
   * SOA alone. A file keeps no history: any other IXFR gets the whole file.
   */
  static Iterator<Record> fileAxfr(Zone zone, long serial) {
    SOARecord soa = zone.getSOA();
    if (serial >= 0 && Serials.compare(serial, soa.getSerial()) >= 0) {
      return List.<Record>of(soa).iterator();
    }
    List<Record> all = new ArrayList<>();
    Iterator<RRset> sets = zone.AXFR();
    while (sets.hasNext()) {
      all.addAll(sets.next().rrs(false));
    }
    return all.iterator();
  }

  /** The first records, then each group's, then the closing SOA. */
  private static final class Chained implements Iterator<Record> {

    private Iterator<Record> current;
    private final Iterator<List<Record>> groups;
    private Record closing;

    Chained(Iterator<Record> first, Iterator<List<Record>> groups, Record closing) {
      this.current = first;
      this.groups = groups;
      this.closing = closing;
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext() && groups.hasNext()) {
        current = groups.next().iterator();
      }
      if (!current.hasNext() && closing != null) {
        current = Collections.singletonList(closing).iterator();
        closing = null;
      }
      return current.hasNext();
    }

    @Override
    public Record next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }
  }
}
