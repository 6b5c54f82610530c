package dev.signpost.dns.launcher;

import static dev.signpost.dns.launcher.TestClients.http;
import static dev.signpost.dns.launcher.TestClients.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * nginx 1.22 (Debian's {@code nginx}) in front of instances it finds through Signpost: {@code resolver} and a
 * {@code proxy_pass} with a variable, so nginx asks for {@code web.service.local} again once {@code valid} has
 * passed instead of resolving it once at start. Open-source nginx resolves only A and AAAA records there (SRV needs
 * nginx Plus), so the instances listen on one port, each at its own loopback address (Linux routes all of 127/8 to
 * lo). Three instances take traffic; a deregistered one and one whose TTL check failed stop getting any within
 * about {@code valid}; a new one starts getting some. The delays seen are printed (the README's table quotes them).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NginxIT {

  /** nginx's {@code resolver ... valid=}: how long it keeps an answer, whatever its TTL says. */
  private static final Duration VALID = Duration.ofSeconds(1);
  /** Signpost's default answer TTL ({@code --ttl}); nginx's {@code valid} overrides it. */
  private static final Duration TTL = Duration.ofSeconds(5);

  @TempDir
  Path dir;

  private final List<HttpServer> backends = new ArrayList<>();
  private SignpostProcess signpost;
  private Process nginx;

  @AfterEach
  void stop() throws Exception {
    if (nginx != null) {
      nginx.destroy();
      if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
        nginx.destroyForcibly().waitFor();
      }
    }
    backends.forEach(b -> b.stop(0));
    if (signpost != null) {
      signpost.close();
    }
  }

  @Test
  void nginxBalancesOverTheAddressesSignpostServesAndFollowsDeregistrationFailedChecksAndNewInstances()
      throws Exception {
    Optional<Path> binary = ProxiedTraffic.binary("nginx");
    assumeTrue(binary.isPresent(), "nginx is not installed (apt-get install nginx)");
    signpost = SignpostProcess.start(Files.createDirectories(dir.resolve("data")));
    int port = startBackends("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5");
    register(signpost.api, instance("web-1", "127.0.0.2", port, ""));
    register(signpost.api, instance("web-2", "127.0.0.3", port,
        ", \"Check\": {\"CheckID\": \"web-2-alive\", \"TTL\": \"60s\", \"Status\": \"passing\"}"));
    register(signpost.api, instance("web-3", "127.0.0.4", port, ""));
    int frontend = ProxiedTraffic.freePort(InetAddress.getLoopbackAddress());
    nginx = startNginx(binary.get(), frontend, port);
    ProxiedTraffic traffic = new ProxiedTraffic(frontend);

    assertThat(traffic.servedBy(Set.of("web-1", "web-2", "web-3"))).as("instances nginx sent traffic to")
        .containsExactlyInAnyOrder("web-1", "web-2", "web-3");

    long deregistered = System.nanoTime();
    assertThat(http(signpost.api, "PUT", "/v1/agent/service/deregister/web-1", null).statusCode()).isEqualTo(200);
    Duration deregistration = traffic.absentAfter("web-1", deregistered);

    long failed = System.nanoTime();
    assertThat(http(signpost.api, "PUT", "/v1/agent/check/fail/web-2-alive?note=broken", null).statusCode())
        .isEqualTo(200);
    Duration failedCheck = traffic.absentAfter("web-2", failed);

    long added = System.nanoTime();
    register(signpost.api, instance("web-4", "127.0.0.5", port, ""));
    Duration newInstance = traffic.servedAfter("web-4", added);

    System.out.printf("nginx (resolver valid=%ds, answer TTL %ds): deregistered instance out after %d ms, failed check"
            + " out after %d ms, new instance in after %d ms%n", VALID.toSeconds(), TTL.toSeconds(),
        deregistration.toMillis(), failedCheck.toMillis(), newInstance.toMillis());
    assertThat(List.of(deregistration, failedCheck, newInstance)).as("nginx noticed each change within valid + TTL")
        .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(VALID.plus(TTL)));
  }

  private static String instance(String id, String address, int port, String more) {
    return "{\"ID\": \"" + id + "\", \"Name\": \"web\", \"Address\": \"" + address + "\", \"Port\": " + port
        + more + "}";
  }

  private Process startNginx(Path binary, int frontend, int backendPort) throws IOException {
    Path config = dir.resolve("nginx.conf");
    Files.writeString(config, """
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        worker_processes 1;
        events {
          worker_connections 64;
        }
        http {
          access_log off;
          client_body_temp_path %1$s/client_body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          resolver %2$s:%3$d valid=%4$ds ipv6=off;
          resolver_timeout 2s;
          server {
            listen 127.0.0.1:%5$d;
            location / {
              set $backend web.service.local;
              proxy_pass http://$backend:%6$d;
            }
          }
        }
        """.formatted(dir, signpost.dns.getAddress().getHostAddress(), signpost.dns.getPort(), VALID.toSeconds(),
        frontend, backendPort), StandardCharsets.UTF_8);
    // -e: the log nginx writes to before it has read the configuration (Debian's default is under /var/log).
    return new ProcessBuilder(binary.toString(), "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
        "-c", config.toString(), "-g", "daemon off;")
        .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
  }

  /** One backend per address, all on one free port, each answering its own name ({@code web-1}, ...); the port. */
  private int startBackends(String... addresses) throws IOException {
    for (int attempt = 0; ; attempt++) {
      int port = ProxiedTraffic.freePort(InetAddress.getByName(addresses[0]));
      try {
        for (int i = 0; i < addresses.length; i++) {
          backends.add(ProxiedTraffic.backend(new InetSocketAddress(addresses[i], port), "web-" + (i + 1)));
        }
        return port;
      } catch (BindException e) {
        backends.forEach(b -> b.stop(0));
        backends.clear();
        if (attempt == 4) {
          throw e; // someone else took the port at one of the addresses, five times running
        }
      }
    }
  }
}
