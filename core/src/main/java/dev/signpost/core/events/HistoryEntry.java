package dev.signpost.core.events;

import dev.signpost.core.HealthStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One change in the event history: what happened to what, when, who did it, and what it meant for DNS.
 *
 * @param index the registry index the change produced; the entries of one change (a catalog transaction's node
 *     and instances) share it
 * @param time when this node saw the change
 * @param service the service's name as registered; empty for a node's entry
 * @param instance the instance's id; empty for a policy's or a node's entry
 * @param node the external node the instance runs on, or the node an entry of type node is about; empty for
 *     this agent's own instances
 * @param by who made the change: {@code token <accessor id> from <address>}, {@code anonymous from <address>},
 *     {@code check <id>}, {@code agent} (this node itself) or {@code cluster} (another node)
 * @param status the instance's status after the change; empty for a policy's or node's entry, and after a
 *     deregistration
 * @param previousStatus its status before; empty for a new instance
 * @param inDns whether the instance is served by DNS after the change, as the serving health filter decides for
 *     the instance alone: a service failing open ({@code --dns-fail-open}) still answers with instances this
 *     says are out
 * @param wasInDns the same, before the change
 * @param summary one line for a person: {@code web-3 left DNS: check 'service:web-3' critical: ...}
 * @param check for a health entry, the check whose status changed
 */
public record HistoryEntry(long index, Instant time, EventType type, String service, String instance, String node,
    String by, Optional<HealthStatus> status, Optional<HealthStatus> previousStatus, boolean inDns, boolean wasInDns,
    String summary, Optional<Check> check) {

  /**
   * A check's status change.
   *
   * @param name the check's name; its id when it has none
   */
  public record Check(String checkId, String name, HealthStatus status, HealthStatus previousStatus, String output) {

    public Check {
      Objects.requireNonNull(checkId, "checkId");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(previousStatus, "previousStatus");
      name = Objects.requireNonNullElse(name, checkId);
      output = Objects.requireNonNullElse(output, "");
    }
  }

  public HistoryEntry {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(type, "type");
    service = Objects.requireNonNullElse(service, "");
    instance = Objects.requireNonNullElse(instance, "");
    node = Objects.requireNonNullElse(node, "");
    Objects.requireNonNull(by, "by");
    status = Objects.requireNonNullElse(status, Optional.empty());
    previousStatus = Objects.requireNonNullElse(previousStatus, Optional.empty());
    Objects.requireNonNull(summary, "summary");
    check = Objects.requireNonNullElse(check, Optional.empty());
  }

  /** Whether it is about {@code name}'s service (compared without case, as DNS names are). */
  public boolean ofService(String name) {
    return service.equalsIgnoreCase(name);
  }
}
