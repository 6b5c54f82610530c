package dev.signpost.admin.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HttpRouterTest {

  private final List<Route> routes = List.of(
      Route.write("PUT", "/v1/things/register", r -> CompletableFuture.completedFuture(ApiResponse.empty())),
      Route.read("/v1/things/{id}", r -> ApiResponse.json(Map.of("id", r.pathParam("id")))),
      Route.read("/v1/things", r -> ApiResponse.json(List.of())));
  private final HttpRouter router =
      new HttpRouter(routes, () -> 42, new BlockingQuery(() -> 42, i -> new CompletableFuture<>()));

  private static ApiRequest request(String method, String path) {
    List<String> segments = Arrays.asList(path.substring(1).split("/"));
    InetSocketAddress any = new InetSocketAddress(0);
    return new ApiRequest(method, path, segments, Map.of(), new byte[0], any, any, null, Map.of());
  }

  @Test
  void readsGetTheConsulIndexHeaders() {
    ApiResponse response = router.dispatch(request("GET", "/v1/things")).toCompletableFuture().join();

    assertThat(response.headers()).containsEntry("X-Consul-Index", "42")
        .containsEntry("X-Consul-KnownLeader", "true")
        .containsEntry("X-Consul-LastContact", "0");
  }

  @Test
  void writesDoNotGetIndexHeaders() {
    ApiResponse response = router.dispatch(request("PUT", "/v1/things/register")).toCompletableFuture().join();

    assertThat(response.headers()).isEmpty();
  }

  @Test
  void pathParametersReachTheEndpoint() {
    ApiResponse response = router.dispatch(request("GET", "/v1/things/abc")).toCompletableFuture().join();

    assertThat(response.json()).isEqualTo(Map.of("id", "abc"));
  }

  @Test
  void noMatchingPathIs404() {
    assertThatThrownBy(() -> router.dispatch(request("GET", "/v1/other")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void aMatchingPathWithAnotherMethodIs405ListingTheAllowedOnes() {
    assertThatThrownBy(() -> router.dispatch(request("POST", "/v1/things/register")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(405);
          assertThat(e.headers()).containsEntry("Allow", "GET, PUT");
        });
  }
}
