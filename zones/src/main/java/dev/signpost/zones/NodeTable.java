package dev.signpost.zones;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The nodes the DNS answers {@code <node>.node.<parent>} for, gathered from several sources (this node, the
 * cluster's members, ...), each replacing its own part whenever it changes. Readers see one immutable map
 * through one volatile read; writers, rare, take the table's lock and publish a new map.
 *
 * <p>A name two sources both list takes the addresses of the source made first ({@link #source}): the
 * launcher makes them in order of precedence.
 */
public final class NodeTable implements NodeAddresses {

  private final List<Source> sources = new ArrayList<>();
  private volatile Map<String, List<InetAddress>> nodes = Map.of();

  @Override
  public Optional<List<InetAddress>> addresses(String node) {
    return Optional.ofNullable(nodes.get(node));
  }

  /** A new source of nodes, listing none yet; it yields to every source made before it. */
  public synchronized Source source() {
    Source source = new Source();
    sources.add(source);
    return source;
  }

  private synchronized void publish() {
    Map<String, List<InetAddress>> merged = new HashMap<>();
    for (Source source : sources) {
      source.nodes.forEach(merged::putIfAbsent);
    }
    nodes = Map.copyOf(merged);
  }

  /** One supplier's part of the table: what it lists replaces what it listed before. */
  public final class Source {

    /** Guarded by the table's lock. */
    private Map<String, List<InetAddress>> nodes = Map.of();

    private Source() {}

    /**
     * Replaces this source's nodes: name (any case; looked up in lower case) → its addresses. A name without
     * an address is left out; repeated addresses are listed once.
     */
    public void replace(Map<String, ? extends Collection<InetAddress>> named) {
      Map<String, List<InetAddress>> copy = new HashMap<>();
      named.forEach((name, addresses) -> {
        if (!addresses.isEmpty()) {
          copy.merge(name.toLowerCase(Locale.ROOT), List.copyOf(new LinkedHashSet<>(addresses)), NodeTable::union);
        }
      });
      synchronized (NodeTable.this) {
        nodes = Map.copyOf(copy);
        publish();
      }
    }
  }

  private static List<InetAddress> union(List<InetAddress> a, List<InetAddress> b) {
    LinkedHashSet<InetAddress> both = new LinkedHashSet<>(a);
    both.addAll(b);
    return List.copyOf(both);
  }
}
