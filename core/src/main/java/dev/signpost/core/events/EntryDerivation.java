package dev.signpost.core.events;

import dev.signpost.core.Addresses;
import dev.signpost.core.ChangeOrigin;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthFilter;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.PassiveCheck;
import dev.signpost.core.RegistryEvent;
import dev.signpost.core.ServicePolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a registry event into history entries, each with the text of its log line. Stateless: what an entry
 * says comes from the event alone (its previous and new values), so the same event always reads the same.
 */
final class EntryDerivation {

  /** Longest output a summary or log line quotes: a health endpoint may answer with a page of HTML. */
  static final int QUOTED_OUTPUT = 200;

  /** An entry and its log line's text after {@code index N by WHO: }. */
  record Derived(HistoryEntry entry, String logText) {}

  private final HealthFilter filter;

  EntryDerivation(HealthFilter filter) {
    this.filter = filter;
  }

  /** The entries {@code event} makes: none for a change nobody would ask about (a check's output alone). */
  List<Derived> derive(RegistryEvent event, ChangeOrigin origin, Instant now) {
    if (event instanceof RegistryEvent.Registered r) {
      return r.previous().isEmpty() ? List.of(registered(r.instance(), origin, now))
          : changed(r.previous().get(), r.instance(), origin, now);
    }
    if (event instanceof RegistryEvent.Deregistered d) {
      Instance i = d.instance();
      boolean was = inDns(i);
      String text = name(i) + " deregistered" + (was ? ", left DNS" : "");
      return List.of(new Derived(entry(d.index(), now, EventType.DEREGISTERED, i, origin.by(), Optional.empty(),
          Optional.of(i.status()), false, was, text, Optional.empty()), text));
    }
    if (event instanceof RegistryEvent.PolicyChanged p) {
      String text = p.policy().map(policy -> "policy of " + p.service() + " set: " + describe(policy))
          .orElse("policy of " + p.service() + " removed");
      return List.of(new Derived(new HistoryEntry(p.index(), now, EventType.POLICY, p.service(), "", "", origin.by(),
          Optional.empty(), Optional.empty(), false, false, text, Optional.empty()), text));
    }
    RegistryEvent.NodeChanged n = (RegistryEvent.NodeChanged) event;
    String text = n.value().map(node -> "node " + node.name() + " registered at " + node.address())
        .orElse("node " + n.node() + " removed");
    return List.of(new Derived(new HistoryEntry(n.index(), now, EventType.NODE, "", "", n.node(), origin.by(),
        Optional.empty(), Optional.empty(), false, false, text, Optional.empty()), text));
  }

  private Derived registered(Instance i, ChangeOrigin origin, Instant now) {
    boolean in = inDns(i);
    String text = name(i) + " registered at " + hostPort(i) + (in ? "" : ", not in DNS: " + i.status().wireName());
    return new Derived(entry(i.modifyIndex(), now, EventType.REGISTERED, i, origin.by(), Optional.of(i.status()),
        Optional.empty(), in, false, text, Optional.empty()), text);
  }

  /** A change to an instance: maintenance first, then its registration, then its checks' statuses. */
  private List<Derived> changed(Instance before, Instance after, ChangeOrigin origin, Instant now) {
    boolean was = inDns(before);
    boolean in = inDns(after);
    String dns = dnsChange(was, in);
    Optional<String> maintenanceBefore = before.health().maintenance();
    Optional<String> maintenanceAfter = after.health().maintenance();
    if (!maintenanceBefore.equals(maintenanceAfter)) {
      String text = maintenanceAfter.map(reason -> name(after) + " entered maintenance: " + reason)
          .orElse(name(after) + " left maintenance") + dns;
      return List.of(new Derived(entry(after.modifyIndex(), now, EventType.MAINTENANCE, after, origin.by(),
          Optional.of(after.status()), Optional.of(before.status()), in, was, text, Optional.empty()), text));
    }
    Instance sameRegistration = after.withHealth(before.health()).withIndexes(before.createIndex(),
        before.modifyIndex());
    if (!sameRegistration.equals(before)) {
      String text = name(after) + " updated, at " + hostPort(after) + statusChange(before, after) + dns;
      return List.of(new Derived(entry(after.modifyIndex(), now, EventType.UPDATED, after, origin.by(),
          Optional.of(after.status()), Optional.of(before.status()), in, was, text, Optional.empty()), text));
    }
    Optional<HistoryEntry.Check> check = changedCheck(before, after);
    if (check.isEmpty()) {
      return List.of(); // the output of a check alone, or nothing DNS or a person would notice
    }
    HistoryEntry.Check c = check.get();
    String by = "check " + c.checkId() + (origin.agent() ? "" : ", reported by " + origin.by());
    String output = quoted(c.output());
    String reason = "check '" + c.checkId() + "' " + c.status().wireName() + (output.isEmpty() ? "" : ": " + output);
    String summary = was != in ? after.id() + (in ? " back in DNS: " : " left DNS: ") + reason
        : name(after) + " " + reason;
    String log = name(after) + (before.status() != after.status()
        ? " " + before.status().wireName() + " → " + after.status().wireName()
        : " check '" + c.checkId() + "' " + c.previousStatus().wireName() + " → " + c.status().wireName())
        + dns + (output.isEmpty() ? "" : ": " + output);
    return List.of(new Derived(entry(after.modifyIndex(), now, EventType.HEALTH, after, by,
        Optional.of(after.status()), Optional.of(before.status()), in, was, summary, check), log));
  }

  /** The check whose status changed, the one now in the worst state when several did; empty when none did. */
  private static Optional<HistoryEntry.Check> changedCheck(Instance before, Instance after) {
    HistoryEntry.Check found = null;
    for (Map.Entry<String, CheckState> e : after.health().checks().entrySet()) {
      Optional<CheckState> old = before.checkState(e.getKey());
      HealthStatus now = e.getValue().status();
      if (old.isPresent() && old.get().status() != now
          && (found == null || now.worst(found.status()) == now && now != found.status())) {
        String name = PassiveCheck.is(e.getKey()) ? PassiveCheck.NAME
            : after.check(e.getKey()).map(CheckSpec::name).filter(n -> !n.isEmpty()).orElse(e.getKey());
        found = new HistoryEntry.Check(e.getKey(), name, now, old.get().status(), e.getValue().output());
      }
    }
    return Optional.ofNullable(found);
  }

  private boolean inDns(Instance i) {
    return filter.serves(i);
  }

  private static HistoryEntry entry(long index, Instant now, EventType type, Instance i, String by,
      Optional<HealthStatus> status, Optional<HealthStatus> previous, boolean in, boolean was, String summary,
      Optional<HistoryEntry.Check> check) {
    return new HistoryEntry(index, now, type, i.service().value(), i.id(), i.node(), by, status, previous, in, was,
        summary, check);
  }

  private static String dnsChange(boolean was, boolean in) {
    return was == in ? "" : in ? ", back in DNS" : ", left DNS";
  }

  private static String statusChange(Instance before, Instance after) {
    return before.status() == after.status() ? ""
        : ", " + before.status().wireName() + " → " + after.status().wireName();
  }

  /** {@code web-3 (web)}, and its node when it runs on an external one. */
  private static String name(Instance i) {
    return i.id() + " (" + i.service().value() + (i.isExternal() ? " on node " + i.node() : "") + ")";
  }

  private static String hostPort(Instance i) {
    return i.port() > 0 ? Addresses.hostPort(i.address(), i.port())
        : i.address().indexOf(':') >= 0 ? "[" + i.address() + "]" : i.address();
  }

  private static String describe(ServicePolicy p) {
    return "strategy " + p.strategy()
        + (p.ttl().isPresent() ? ", ttl " + p.ttl().getAsLong() + "s" : "")
        + (p.answerLimit().isPresent() ? ", answer limit " + p.answerLimit().getAsInt() : "")
        + p.passive().map(passive -> passive.enabled() ? ", passive health on" : ", passive health off").orElse("");
  }

  /** An output's first line, cut to {@link #QUOTED_OUTPUT} characters. */
  static String quoted(String output) {
    String line = output.strip();
    int end = line.indexOf('\n');
    if (end >= 0) {
      line = line.substring(0, end).strip() + " ...";
    }
    return line.length() <= QUOTED_OUTPUT ? line : line.substring(0, QUOTED_OUTPUT) + " ...";
  }
}
