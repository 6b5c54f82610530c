package dev.signpost.core;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A node registered in the catalog that runs no Signpost agent (an external database, a SaaS endpoint):
 * Consul's {@code PUT /v1/catalog/register}. Its services are ordinary {@link Instance}s that name it
 * ({@link Instance#node()}); nothing probes them, their checks hold the status the registration gave.
 *
 * @param name a DNS label, so the node can be answered as {@code <node>.node.<domain>}; compared without
 *     case ({@link #key()})
 * @param id the node's UUID as registered (Consul's optional {@code ID}); empty when none was given
 * @param address an IPv4 or IPv6 literal or a host name: what its services without an address of their own use
 * @param taggedAddresses Consul's node tagged addresses ({@code lan}, {@code wan}...), each an address
 * @param meta Consul's {@code NodeMeta}, with the limits and reserved prefix of service meta
 * @param createIndex the registry index at which this node was first registered (0 before registration)
 * @param modifyIndex the registry index of this value's last change (0 before registration)
 */
public record CatalogNode(String name, String id, String address, Map<String, String> taggedAddresses,
    Map<String, String> meta, long createIndex, long modifyIndex) {

  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
      + "[0-9a-fA-F]{12}");
  static final int MAX_TAGGED_ADDRESSES = 16;

  public CatalogNode {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("Node is missing");
    }
    if (!LABEL.matcher(name).matches()) {
      throw new IllegalArgumentException("Node '" + name + "' is not a valid DNS label: use letters, digits and "
          + "hyphens (not first or last), at most 63 characters");
    }
    id = Objects.requireNonNullElse(id, "");
    if (!id.isEmpty() && !UUID.matcher(id).matches()) {
      throw new IllegalArgumentException("ID '" + id + "' must be a 36-character UUID");
    }
    if (address == null || address.isEmpty()) {
      throw new IllegalArgumentException("Address is missing");
    }
    Addresses.requireValid("Address", address);
    taggedAddresses = validTagged(taggedAddresses);
    meta = Instance.validMeta("NodeMeta", meta);
  }

  /** A node with neither an id nor tagged addresses nor meta, unregistered. */
  public static CatalogNode of(String name, String address) {
    return new CatalogNode(name, "", address, Map.of(), Map.of(), 0, 0);
  }

  /** The case-folded name: two names with equal keys are the same node. */
  public String key() {
    return key(name);
  }

  /** The key of the node called {@code name}. */
  public static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  public CatalogNode withIndexes(long create, long modify) {
    return new CatalogNode(name, id, address, taggedAddresses, meta, create, modify);
  }

  /** Whether {@code other} registers the same node the same way: equal but for the indexes. */
  public boolean sameAs(CatalogNode other) {
    return other != null && withIndexes(0, 0).equals(other.withIndexes(0, 0));
  }

  private static Map<String, String> validTagged(Map<String, String> tagged) {
    if (tagged == null || tagged.isEmpty()) {
      return Map.of();
    }
    if (tagged.size() > MAX_TAGGED_ADDRESSES) {
      throw new IllegalArgumentException("TaggedAddresses has " + tagged.size() + " entries; at most "
          + MAX_TAGGED_ADDRESSES);
    }
    for (Map.Entry<String, String> e : tagged.entrySet()) {
      String tag = e.getKey();
      if (tag == null || !LABEL.matcher(tag.replace('_', '-')).matches()) {
        throw new IllegalArgumentException("TaggedAddresses key '" + tag + "' must be 1 to 63 letters, digits, '-' "
            + "or '_'");
      }
      if (e.getValue() == null || e.getValue().isEmpty()) {
        throw new IllegalArgumentException("TaggedAddresses." + tag + " is empty; use an address");
      }
      Addresses.requireValid("TaggedAddresses." + tag, e.getValue());
    }
    return Collections.unmodifiableMap(new TreeMap<>(tagged));
  }
}
