package dev.signpost.zones.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * Zones from RFC 1035 master files ({@code --zone-file}), served beside the registry. Each file is one
 * complete zone (its origin is its SOA's owner, from {@code $ORIGIN} or written out) parsed by dnsjava's
 * {@link Master}. Readers get the current set through one volatile read; {@link #reload} replaces it only
 * when every file parses, so a file with an error leaves the previous version serving.
 */
public final class StaticZones {

  private final List<Path> files;
  private final Name registryDomain;
  private volatile Map<Name, Zone> zones;

  private StaticZones(List<Path> files, Name registryDomain, Map<Name, Zone> zones) {
    this.files = files;
    this.registryDomain = registryDomain;
    this.zones = zones;
  }

  /**
   * Reads every file.
   *
   * @param registryDomain the registry's own domain: a file may serve a subdomain of it, not the domain itself
   * @param registeredServices the registry's services now, to report a file that would hide one
   * @throws IllegalArgumentException naming the file, the line and the problem
   */
  public static StaticZones load(List<Path> files, Name registryDomain, Collection<String> registeredServices) {
    List<Path> copy = List.copyOf(files);
    return new StaticZones(copy, registryDomain, read(copy, registryDomain, registeredServices));
  }

  /** Re-reads every file; on any error the zones that were serving keep serving. */
  public synchronized String reload(Collection<String> registeredServices) {
    Map<Name, Zone> next = read(files, registryDomain, registeredServices);
    zones = next;
    return summary(next);
  }

  /** A line saying what is served, for the log and the reload endpoint. */
  public String summary() {
    return summary(zones);
  }

  /** The zone whose origin is the closest enclosing one of {@code name}, if any. */
  public Optional<Zone> zoneFor(Name name) {
    Map<Name, Zone> current = zones;
    for (Name candidate = name; ; candidate = parent(candidate)) {
      Zone z = current.get(candidate);
      if (z != null) {
        return Optional.of(z);
      }
      if (candidate.labels() <= 1) {
        return Optional.empty();
      }
    }
  }

  public Set<Name> origins() {
    return zones.keySet();
  }

  private static Name parent(Name name) {
    return new Name(name, 1);
  }

  private static Map<Name, Zone> read(List<Path> files, Name registryDomain, Collection<String> services) {
    Map<Name, Zone> out = new LinkedHashMap<>();
    for (Path file : files) {
      Zone zone = parse(file);
      Name origin = zone.getOrigin();
      if (origin.equals(registryDomain) || registryDomain.subdomain(origin)) {
        throw new IllegalArgumentException(file + ": origin " + origin + " holds the registry's domain "
            + registryDomain + "; a zone file may serve a subdomain of it (infra." + registryDomain + "), not the domain");
      }
      if (out.containsKey(origin)) {
        throw new IllegalArgumentException(file + ": origin " + origin + " is already served by another zone file");
      }
      if (origin.subdomain(registryDomain)) {
        for (String service : services) {
          Name serviceName = Name.fromConstantString(service + "." + registryDomain);
          if (serviceName.subdomain(origin) || origin.subdomain(serviceName)) {
            throw new IllegalArgumentException(file + ": origin " + origin + " clashes with the registered service '"
                + service + "'; rename one of them");
          }
        }
      }
      out.put(origin, zone);
    }
    return Map.copyOf(out);
  }

  private static Zone parse(Path file) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(file + ": cannot be read");
    }
    List<Record> records = new ArrayList<>();
    try (Master master = new Master(file.toString())) {
      for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
        records.add(r);
      }
    } catch (IOException | RuntimeException e) {
      // dnsjava's messages already say "<file>:<line>: <problem>"
      String message = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
      throw new IllegalArgumentException(message.startsWith(file.toString()) ? message : file + ": " + message, e);
    }
    Optional<Record> soa = records.stream().filter(r -> r.getType() == Type.SOA).findFirst();
    if (soa.isEmpty()) {
      throw new IllegalArgumentException(file + ": no SOA record: a zone file needs one at its origin");
    }
    try {
      return new Zone(soa.get().getName(), records.toArray(Record[]::new));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static String summary(Map<Name, Zone> zones) {
    if (zones.isEmpty()) {
      return "no zone files";
    }
    StringBuilder b = new StringBuilder("serving " + zones.size() + " zone file" + (zones.size() == 1 ? "" : "s") + ":");
    zones.keySet().stream().sorted(Comparator.comparing(Name::toString)).forEach(origin -> {
      SOARecord soa = zones.get(origin).getSOA();
      b.append(' ').append(origin).append(" (serial ").append(soa.getSerial()).append(')');
    });
    return b.toString();
  }
}
