package dev.signpost.core;

import java.util.Objects;

/**
 * Who asked for a change, as the event history and its log line name it ({@link #by}): an API caller (its ACL
 * token's accessor id, or {@code anonymous}, and its address), this node itself ({@link #AGENT}: its health
 * checks, its reaper), or another node of the cluster ({@link #CLUSTER}). Captured when a write is decided,
 * carried with it to the event that announces it, and never journaled: a restart or another node knows only
 * that the change happened.
 *
 * <p>An API origin also tells its caller whether a change it asked for was announced ({@link #announced}), so
 * the API's audit log names only the writes that no event line names already.
 */
public final class ChangeOrigin {

  /** A change this node made itself; a health result's entry names its check instead. */
  public static final ChangeOrigin AGENT = new ChangeOrigin("agent");
  /** A change another node of the cluster made, as the shared store delivered it. */
  public static final ChangeOrigin CLUSTER = new ChangeOrigin("cluster");

  private final String by;
  private volatile boolean announced;

  private ChangeOrigin(String by) {
    this.by = by;
  }

  /**
   * An API caller.
   *
   * @param accessorId its ACL token's accessor id (never the secret); null without a token
   * @param address the caller's address, as text
   */
  public static ChangeOrigin api(String accessorId, String address) {
    Objects.requireNonNull(address, "address");
    return new ChangeOrigin((accessorId == null ? "anonymous" : "token " + accessorId) + " from " + address);
  }

  /** Who, in a few words: {@code token 3f2a… from 10.1.2.3}, {@code anonymous from ::1}, {@code cluster}. */
  public String by() {
    return by;
  }

  /** Whether this is the node itself ({@link #AGENT}). */
  public boolean agent() {
    return this == AGENT;
  }

  /** Whether a change made on behalf of this origin was announced to the registry's listeners. */
  public boolean announced() {
    return announced;
  }

  void markAnnounced() {
    announced = true;
  }

  @Override
  public String toString() {
    return by;
  }
}
