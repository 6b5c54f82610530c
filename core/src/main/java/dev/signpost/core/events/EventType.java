package dev.signpost.core.events;

/** What kind of change a {@link HistoryEntry} records; {@link #wireName} is how the API and the file spell it. */
public enum EventType {
  /** A new instance. */
  REGISTERED("registered"),
  /** An instance's registration changed: address, port, tags, meta, weights, checks... */
  UPDATED("updated"),
  /** An instance was removed. */
  DEREGISTERED("deregistered"),
  /** One of an instance's checks changed status. */
  HEALTH("health"),
  /** An instance was put in maintenance, or taken out of it. */
  MAINTENANCE("maintenance"),
  /** A service's DNS policy was set, replaced or removed. */
  POLICY("policy"),
  /** An external node was registered, replaced or removed in the catalog. */
  NODE("node");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The type spelled {@code name}. */
  public static EventType fromWireName(String name) {
    for (EventType t : values()) {
      if (t.wireName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown event type '" + name + "'");
  }
}
