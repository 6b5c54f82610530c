package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.QueryParams;
import com.ecwid.consul.v1.Response;
import com.ecwid.consul.v1.kv.model.GetValue;
import com.ecwid.consul.v1.kv.model.PutParams;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The key/value store of the packaged server: durable through kill -9, and spoken to by a real Consul client. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KvIT {

  @TempDir
  Path dataDir;

  @Test
  void everyAcknowledgedKeyWriteSurvivesKillDashNine() throws Exception {
    List<String> acknowledged = new ArrayList<>();
    try (SignpostProcess first = SignpostProcess.start(dataDir)) {
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          String key = "config/app" + (i % 10) + "/key" + i;
          results.add(pool.submit(() -> {
            HttpResponse<String> r = TestClients.http(first.api, "PUT", "/v1/kv/" + key + "?flags=" + key.length(),
                "value of " + key);
            return r.statusCode() == 200 && r.body().equals("true") ? key : null;
          }));
        }
        for (Future<String> f : results) {
          String key = f.get(60, TimeUnit.SECONDS);
          if (key != null) {
            acknowledged.add(key);
          }
        }
      } finally {
        pool.shutdownNow();
      }
      // Deletions are changes too: they must not come back.
      assertThat(TestClients.http(first.api, "DELETE", "/v1/kv/config/app0/?recurse", null).body()).isEqualTo("true");
      assertThat(TestClients.http(first.api, "DELETE", "/v1/kv/config/app1/key1", null).body()).isEqualTo("true");
      acknowledged.removeIf(k -> k.startsWith("config/app0/") || k.equals("config/app1/key1"));
      first.kill();
    }
    assertThat(acknowledged).hasSize(200 - 20 - 1);

    try (SignpostProcess second = SignpostProcess.start(dataDir)) {
      for (String key : acknowledged) {
        HttpResponse<String> raw = TestClients.http(second.api, "GET", "/v1/kv/" + key + "?raw", null);
        assertThat(raw.statusCode()).as(key).isEqualTo(200);
        assertThat(raw.body()).isEqualTo("value of " + key);
      }
      assertThat(TestClients.http(second.api, "GET", "/v1/kv/config/app0/?keys", null).statusCode()).isEqualTo(404);
      assertThat(TestClients.http(second.api, "GET", "/v1/kv/config/app1/key1", null).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void theJavaClientSpringCloudConsulUsesReadsWritesAndWatchesKeys() throws Exception {
    try (SignpostProcess server = SignpostProcess.start(dataDir)) {
      ConsulClient client = new ConsulClient("127.0.0.1", server.api.getPort());

      assertThat(client.setKVValue("config/orders/data", "max: 5").getValue()).isTrue();
      assertThat(client.setKVValue("config/orders/url", "http://db").getValue()).isTrue();
      assertThat(client.setKVValue("config/other/x", "1").getValue()).isTrue();

      GetValue data = client.getKVValue("config/orders/data").getValue();
      assertThat(data.getDecodedValue()).isEqualTo("max: 5");
      assertThat(client.getKVValue("config/missing").getValue()).isNull();
      Response<List<GetValue>> orders = client.getKVValues("config/orders/");
      assertThat(orders.getValue()).extracting(GetValue::getKey)
          .containsExactly("config/orders/data", "config/orders/url");
      assertThat(client.getKVKeysOnly("config/", "/", null).getValue())
          .containsExactly("config/orders/", "config/other/");

      PutParams cas = new PutParams();
      cas.setCas(data.getModifyIndex() + 1000);
      assertThat(client.setKVValue("config/orders/data", "stale", cas).getValue()).isFalse();
      cas.setCas(data.getModifyIndex());
      assertThat(client.setKVValue("config/orders/data", "max: 6", cas).getValue()).isTrue();

      // A watch as Spring Cloud Consul Config keeps one: a blocking read of the prefix, woken by a change under it.
      long index = client.getKVValues("config/orders/").getConsulIndex();
      CompletableFuture<Response<List<GetValue>>> watch = CompletableFuture.supplyAsync(
          () -> client.getKVValues("config/orders/", new QueryParams(30, index)));
      client.setKVValue("config/orders/url", "http://db2");
      Response<List<GetValue>> woken = watch.get(20, TimeUnit.SECONDS);
      assertThat(woken.getConsulIndex()).isGreaterThan(index);
      assertThat(woken.getValue()).extracting(GetValue::getDecodedValue).containsExactly("max: 6", "http://db2");

      client.deleteKVValue("config/other/x");
      client.deleteKVValues("config/orders/");
      assertThat(client.getKVValues("config/").getValue()).isNull();
    }
  }
}
