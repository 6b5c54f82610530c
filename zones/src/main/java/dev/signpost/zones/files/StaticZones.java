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
 *
 * <p>A file whose origin clashes with a registered service (origin {@code infra.service.local}, service
 * {@code infra}) is loaded anyway, with a warning: the file wins for the names under its origin, since it
 * comes first in the query chain, and the service keeps its other names and its registration. Nothing the
 * registry acknowledged can stop a start or a reload; new registrations under a file's origin are refused
 * instead ({@link #claimant}).
 */
public final class StaticZones {

  private static final System.Logger LOG = System.getLogger(StaticZones.class.getName());

  private final List<Path> files;
  private final Name registryDomain;
  private volatile Map<Name, Zone> zones;
  /** Each served origin's file, for {@link #claimant}; replaced together with {@link #zones}. */
  private volatile Map<Name, Path> origins;

  private StaticZones(List<Path> files, Name registryDomain, Loaded loaded) {
    this.files = files;
    this.registryDomain = registryDomain;
    this.zones = loaded.zones();
    this.origins = loaded.origins();
  }

  private record Loaded(Map<Name, Zone> zones, Map<Name, Path> origins) {}

  /**
   * Reads every file.
   *
   * @param registryDomain the registry's own domain: a file may serve a subdomain of it, not the domain itself
   * @param registeredServices the registry's services now, to warn of a file that hides some of their names
   * @throws IllegalArgumentException naming the file, the line and the problem
   */
  public static StaticZones load(List<Path> files, Name registryDomain, Collection<String> registeredServices) {
    List<Path> copy = List.copyOf(files);
    return new StaticZones(copy, registryDomain, read(copy, registryDomain, registeredServices));
  }

  /** Re-reads every file; on any error the zones that were serving keep serving. */
  public synchronized String reload(Collection<String> registeredServices) {
    Loaded next = read(files, registryDomain, registeredServices);
    origins = next.origins();
    zones = next.zones();
    return summary(next.zones());
  }

  /**
   * The file that serves {@code service}'s names, if one does: its origin is the service's name, or under
   * it, or above it (but below the registry's domain).
   */
  public Optional<String> claimant(String service) {
    Name serviceName = serviceName(service);
    for (Map.Entry<Name, Path> e : origins.entrySet()) {
      if (clashes(e.getKey(), serviceName)) {
        return Optional.of("the zone file " + e.getValue() + " (origin " + e.getKey() + ")");
      }
    }
    return Optional.empty();
  }

  private Name serviceName(String service) {
    return Name.fromConstantString(service + "." + registryDomain);
  }

  private static boolean clashes(Name origin, Name serviceName) {
    return serviceName.subdomain(origin) || origin.subdomain(serviceName);
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

  private static Loaded read(List<Path> files, Name registryDomain, Collection<String> services) {
    Map<Name, Zone> out = new LinkedHashMap<>();
    Map<Name, Path> origins = new LinkedHashMap<>();
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
          if (clashes(origin, serviceName)) {
            LOG.log(System.Logger.Level.WARNING, file + ": origin " + origin + " clashes with the registered service '"
                + service + "': the file answers for the names under " + origin + "; rename one of them");
          }
        }
      }
      out.put(origin, zone);
      origins.put(origin, file);
    }
    return new Loaded(Map.copyOf(out), Map.copyOf(origins));
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
