package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dashboard's files as the admin API serves them: redirects to {@code /ui/}, content types, the headers that
 * keep a browser from sniffing or running anything but our files, revalidation by ETag, no token needed for files
 * that hold no data, and no way out of the folder.
 */
class DashboardFilesApiTest {

  @Test
  void rootAndUiRedirectToTheDashboard() {
    try (ApiFixture api = new ApiFixture()) {
      for (String path : new String[] {"/", "/ui"}) {
        HttpResponse<String> response = api.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).as(path).hasValue("/ui/");
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
      "/ui/, text/html; charset=utf-8, <script type=\"module\" src=\"js/app.js\">",
      "/ui/index.html, text/html; charset=utf-8, <main id=\"main\"",
      "/ui/style.css, text/css; charset=utf-8, .badge-critical",
      "/ui/js/app.js, text/javascript; charset=utf-8, import {Live} from './live.js';",
      "/ui/js/pages/service.js, text/javascript; charset=utf-8, /v1/signpost/explain"})
  void filesAreServedWithTheirContentTypeAndStrictHeaders(String path, String type, String content) {
    try (ApiFixture api = new ApiFixture()) {
      HttpResponse<String> response = api.get(path);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue(type);
      assertThat(response.body()).contains(content);
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
          .contains("default-src 'none'").contains("script-src 'self';").doesNotContain("unsafe")
          .contains("frame-ancestors 'none'");
      assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
      assertThat(response.headers().firstValue("ETag").orElseThrow()).matches("\"[0-9a-f]{16}\"");
    }
  }

  @Test
  void aBrowserHoldingTheCurrentEtagGets304WithoutABody() {
    try (ApiFixture api = new ApiFixture()) {
      String etag = api.get("/ui/js/app.js").headers().firstValue("ETag").orElseThrow();

      HttpResponse<String> again = api.send("GET", "/ui/js/app.js", BodyPublishers.noBody(), "If-None-Match", etag);
      HttpResponse<String> stale = api.send("GET", "/ui/js/app.js", BodyPublishers.noBody(), "If-None-Match",
          "\"0000000000000000\"");

      assertThat(again.statusCode()).isEqualTo(304);
      assertThat(again.body()).isEmpty();
      assertThat(again.headers().firstValue("ETag")).hasValue(etag);
      assertThat(stale.statusCode()).isEqualTo(200);
      assertThat(stale.body()).isNotEmpty();
    }
  }

  @Test
  void headAnswersTheHeadersOfGetWithoutTheBody() {
    try (ApiFixture api = new ApiFixture()) {
      HttpResponse<String> get = api.get("/ui/style.css");
      HttpResponse<String> head = api.send("HEAD", "/ui/style.css", BodyPublishers.noBody());

      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(head.headers().firstValue("Content-Length"))
          .hasValue(Integer.toString(get.body().getBytes(StandardCharsets.UTF_8).length));
      assertThat(head.headers().firstValue("ETag")).isEqualTo(get.headers().firstValue("ETag"));
      assertThat(api.get("/ui/index.html").statusCode()).as("the connection still serves").isEqualTo(200);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/ui/nosuch.js", "/ui/js", "/ui/js/", "/ui/.hidden.css", "/ui/js%2fapp.js", "/ui/%2e%2e/%2e%2e/AdminServer.class",
      "/ui/..%2f..%2fdev/signpost/admin/AdminServer.class", "/ui/js/..%2findex.html", "/ui/index.html%00.css",
      "/ui/app.JS.class", "/ui/%5c..%5cindex.html", "/ui/README", "/ui/js/pages/../../index.html"})
  void namesOutsideTheFolderOrUnknownAre404(String path) {
    try (ApiFixture api = new ApiFixture()) {
      HttpResponse<String> response = api.get(path);

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
  }

  @Test
  void writesToTheDashboardAre405() {
    try (ApiFixture api = new ApiFixture()) {
      HttpResponse<String> response = api.put("/ui/index.html", "x");

      assertThat(response.statusCode()).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
  }

  @Test
  void withAclsOnTheFilesNeedNoTokenButTheirDataDoes() {
    try (ApiFixture api = new ApiFixture(ApiFixture.silentProbes().build(), AclConfig.denyByDefault())) {
      assertThat(api.get("/ui/").statusCode()).isEqualTo(200);
      assertThat(api.get("/ui/js/api.js").statusCode()).isEqualTo(200);
      assertThat(api.get("/v1/agent/self").statusCode()).isEqualTo(403);
    }
  }

  @Test
  void otherPathsStillReachTheApi() {
    try (ApiFixture api = new ApiFixture()) {
      assertThat(api.get("/v1/agent/services").statusCode()).isEqualTo(200);
      assertThat(api.get("/uix").body()).isEqualTo("unknown path /uix");
      assertThat(api.put("/", "").statusCode()).isEqualTo(404);
    }
  }
}
