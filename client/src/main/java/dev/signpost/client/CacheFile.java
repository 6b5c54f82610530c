package dev.signpost.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last list the server gave, on disk, so a client that starts while the server is unreachable still has
 * instances to call. Written whole to a temporary file beside it and renamed over it, so a reader (or a crash
 * mid-write) never sees half a file; read once at start. A file that cannot be read, or that holds another
 * service's list, is ignored with a warning: the client then starts empty, as without a cache.
 */
final class CacheFile {

  private static final System.Logger LOG = System.getLogger(CacheFile.class.getName());

  private final Path path;
  private final ObjectMapper mapper;
  private final String service;

  CacheFile(Path path, ObjectMapper mapper, String service) {
    this.path = path.toAbsolutePath();
    this.mapper = mapper;
    this.service = service;
  }

  /** The list in the file; empty when there is no file or it is not usable (with a warning for the latter). */
  Optional<List<ServiceInstance>> read() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Signpost client: cannot read the cache file {0} ({1}); starting without it", path, e);
      return Optional.empty();
    }
    try {
      Contents contents = mapper.readValue(bytes, Contents.class);
      if (contents == null || contents.instances() == null || !service.equalsIgnoreCase(contents.service())) {
        LOG.log(Level.WARNING, "Signpost client: the cache file {0} holds no list of service {1}; ignoring it",
            path, service);
        return Optional.empty();
      }
      return Optional.of(contents.instances().stream().map(Cached::instance).toList());
    } catch (IOException | RuntimeException e) {
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      LOG.log(Level.WARNING, "Signpost client: the cache file {0} is corrupt ({1}); ignoring it", path, why);
      return Optional.empty();
    }
  }

  /** Replaces the file with {@code instances}; a failure is logged, never thrown: the cache is a convenience. */
  void write(List<ServiceInstance> instances) {
    Path temp = null;
    try {
      Path dir = path.getParent();
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
      Files.write(temp, mapper.writeValueAsBytes(
          new Contents(service, instances.stream().map(Cached::of).toList())));
      try {
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "Signpost client: cannot write the cache file {0} ({1})", path, e.toString());
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the warning above says enough
        }
      }
    }
  }

  /** The file: the service, and its instances as the client knew them. */
  record Contents(@JsonProperty("Service") String service, @JsonProperty("Instances") List<Cached> instances) {}

  /** One instance in the file, in the health API's spelling. */
  record Cached(@JsonProperty("ID") String id, @JsonProperty("Service") String service,
      @JsonProperty("Address") String address, @JsonProperty("Port") int port,
      @JsonProperty("Tags") List<String> tags, @JsonProperty("Meta") Map<String, String> meta,
      @JsonProperty("Zone") String zone, @JsonProperty("Weight") int weight,
      @JsonProperty("Passing") boolean passing) {

    static Cached of(ServiceInstance i) {
      return new Cached(i.id(), i.service(), i.address(), i.port(), i.tags(), i.meta(), i.zone(),
          i.currentWeight(), i.passing());
    }

    ServiceInstance instance() {
      return new ServiceInstance(id, service, address, port, tags, meta, zone, weight, passing);
    }
  }
}
