package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signpost.core.SignpostVersion;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard ({@code /ui/}) in a real browser: Debian's headless Chromium, driven through its chromedriver,
 * against the packaged jar. Changes made over HTTP show on the open page without a reload (the event stream),
 * actions taken on the page (behind their confirmation) change what the API reports, text from registrations is
 * shown as text, and with ACLs on the page asks for a token and says when it refuses an action. Screenshots go to
 * {@code target/dashboard-screenshots/}. Skipped without {@code chromium} and {@code chromium-driver}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DashboardIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
  /** How soon a change must show: the page refetches within a second of an event; the rest is a loaded machine. */
  private static final Duration LIVE = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;

  private ChromeDriver browser;
  private SignpostProcess server;

  @BeforeEach
  void needsChromium() {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium or chromedriver is not installed (apt-get install chromium chromium-driver)");
  }

  @AfterEach
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void thePageFollowsRegistrationsAndChecksLiveAndItsActionsChangeTheRegistry() throws Exception {
    server = SignpostProcess.start(Files.createDirectories(dir.resolve("data")));
    browser = chromium();
    browser.get(base() + "/");
    assertThat(browser.getCurrentUrl()).as("/ redirects to the dashboard").startsWith(base() + "/ui/");
    awaitLive();
    assertThat(textOf(By.cssSelector("#services-body .empty"))).contains("No service is registered yet");
    markPage();

    call("PUT", "/v1/agent/service/register", null, """
        {"ID": "web-1", "Name": "web", "Address": "10.0.0.1", "Port": 8080, "Tags": ["v1", "<img src=x onerror=window.pwned=1>"],
         "Meta": {"owner": "<script>window.pwned=2</script>"}}""");
    live(By.cssSelector("tr[data-service='web']"));
    assertThat(textOf(By.cssSelector("tr[data-service='web'] .count-passing"))).isEqualTo("1");
    assertThat(textOf(By.cssSelector("tr[data-service='web'] .strategy"))).contains("round-robin");
    assertThat(textOf(By.cssSelector("tr[data-service='web'] .ttl"))).isEqualTo("5 s");

    call("PUT", "/v1/agent/service/register", null, """
        {"ID": "web-2", "Name": "web", "Address": "10.0.0.2", "Port": 8080,
         "Check": {"CheckID": "web-2-alive", "Name": "web-2 heartbeat", "TTL": "60s", "Status": "passing"}}""");
    liveWait().until(d -> d.findElement(By.cssSelector("tr[data-service='web'] .count-instances")).getText().equals("2"));
    screenshot("services");

    click(By.linkText("web"));
    until(By.cssSelector("section[data-instance='web-2']"));
    assertThat(status("web-2")).isEqualTo("passing");
    Instant failed = Instant.now();
    call("PUT", "/v1/agent/check/fail/web-2-alive?note=database%20unreachable", null, null);
    liveWait().until(d -> status("web-2").equals("critical"));
    assertThat(textOf(By.cssSelector("section[data-instance='web-2'] tr[data-check='web-2-alive']")))
        .contains("critical").contains("database unreachable");
    assertThat(textOf(By.cssSelector("section[data-instance='web-2'] .in-dns"))).startsWith("Not in DNS answers");
    String since = liveWait().until(d -> d.findElement(
        By.cssSelector("section[data-instance='web-2'] tr[data-check='web-2-alive'] time")).getAttribute("datetime"));
    assertThat(Instant.parse(since)).as("the check's last change").isBetween(failed.minusSeconds(5), Instant.now());
    assertThat(textOf(By.cssSelector(".answer[data-type='SRV'] pre.records")))
        .contains("SRV").contains("8080").doesNotContain("0a000002");
    assertThat(textOf(By.cssSelector("section[data-instance='web-1']"))).as("attacker-controlled text is shown as text")
        .contains("<img src=x onerror=window.pwned=1>").contains("<script>window.pwned=2</script>");
    assertThat(browser.executeScript("return window.pwned === undefined")).isEqualTo(true);
    screenshot("service-critical");

    act("web-1", "maintenance-on");
    confirmDialog().findElement(By.id("confirm-reason")).sendKeys("kernel upgrade");
    confirmDialog().findElement(By.id("confirm-ok")).click();
    liveWait().until(d -> instanceStatus("web-1").equals("maintenance"));
    liveWait().until(d -> status("web-1").equals("maintenance"));
    assertThat(json(call("GET", "/v1/health/service/web", null, null)).toString())
        .contains("_service_maintenance:web-1").contains("kernel upgrade");
    screenshot("service-maintenance");
    act("web-1", "maintenance-off");
    confirmDialog().findElement(By.id("confirm-ok")).click();
    liveWait().until(d -> instanceStatus("web-1").equals("passing"));

    act("web-1", "deregister");
    confirmDialog().findElement(By.id("confirm-cancel")).click();
    assertThat(call("GET", "/v1/agent/service/web-1", null, null).statusCode()).as("cancelled: still there")
        .isEqualTo(200);
    act("web-1", "deregister");
    confirmDialog().findElement(By.id("confirm-ok")).click();
    liveWait().until(d -> d.findElements(By.cssSelector("section[data-instance='web-1']")).isEmpty());
    assertThat(call("GET", "/v1/agent/service/web-1", null, null).statusCode()).isEqualTo(404);
    assertThat(textOf(By.id("notice"))).contains("web-1 is deregistered");

    click(By.linkText("Events"));
    until(By.cssSelector("#events tr[data-type='health']"));
    until(By.cssSelector("#events tr[data-type='deregistered']"));
    assertThat(textOf(By.cssSelector("#events"))).contains("database unreachable");
    call("PUT", "/v1/agent/service/register", null, "{\"ID\": \"api-1\", \"Name\": \"api\", \"Port\": 9000}");
    live(By.xpath("//table[@id='events']//tr[@data-type='registered'][.//a[text()='api']]"));
    screenshot("events");

    click(By.linkText("Node"));
    until(By.id("node-facts"));
    assertThat(textOf(By.id("node-facts"))).contains("healthy").contains(SignpostVersion.current());
    new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> !d.findElements(By.id("query-rate")).isEmpty());
    screenshot("node");
    assertThat(browser.executeScript("return document.body.dataset.marker")).as("never reloaded")
        .isEqualTo("not reloaded");
  }

  @Test
  void withAclsOnThePageAsksForATokenAndSaysWhatItRefuses() throws Exception {
    server = SignpostProcess.start(Files.createDirectories(dir.resolve("data")), "--acl-enabled");
    String management = json(call("PUT", "/v1/acl/bootstrap", null, null)).get("SecretID").asText();
    call("PUT", "/v1/agent/service/register", management,
        "{\"ID\": \"db-1\", \"Name\": \"db\", \"Address\": \"10.0.0.9\", \"Port\": 5432}");
    call("PUT", "/v1/acl/policy", management, "{\"Name\": \"readers\", \"Rules\": "
        + "\"service_prefix \\\"\\\" { policy = \\\"read\\\" }\\nagent_prefix \\\"\\\" { policy = \\\"read\\\" }\"}");
    String reader = json(call("PUT", "/v1/acl/token", management,
        "{\"Policies\": [{\"Name\": \"readers\"}]}")).get("SecretID").asText();
    browser = chromium();

    browser.get(base() + "/ui/");
    WebElement dialog = visible(By.id("token-dialog"));
    assertThat(dialog.getText()).as("the services list came back filtered").contains("Some entries are hidden");
    screenshot("acl-token-asked");
    browser.findElement(By.id("token-cancel")).click();
    browser.get(base() + "/ui/#/node");
    assertThat(visible(By.id("token-dialog")).getText()).as("a refused read").contains("Permission denied");
    assertThat(browser.findElement(By.cssSelector("[data-refused='read']")).getText()).contains("token");
    giveToken(reader);
    until(By.id("node-facts"));
    assertThat(textOf(By.id("node-facts"))).contains("healthy");
    awaitLive();
    click(By.linkText("Services"));
    until(By.cssSelector("tr[data-service='db']"));

    click(By.linkText("db"));
    until(By.cssSelector("section[data-instance='db-1']"));
    act("db-1", "deregister");
    confirmDialog().findElement(By.id("confirm-ok")).click();
    new WebDriverWait(browser, LIVE).until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"),
        "Refused: Permission denied"));
    assertThat(textOf(By.cssSelector("#notice.notice-error"))).contains("db-1");
    assertThat(call("GET", "/v1/agent/service/db-1", management, null).statusCode()).isEqualTo(200);
    screenshot("acl-refused");

    browser.findElement(By.id("token-button")).click();
    giveToken(management);
    act("db-1", "deregister");
    confirmDialog().findElement(By.id("confirm-ok")).click();
    liveWait().until(d -> d.findElements(By.cssSelector("section[data-instance='db-1']")).isEmpty());
    assertThat(call("GET", "/v1/agent/service/db-1", management, null).statusCode()).isEqualTo(404);
    assertThat(browser.executeScript("return sessionStorage.getItem('signpost.token')")).isEqualTo(management);
  }

  private ChromeDriver chromium() throws Exception {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1100",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
    if ("root".equals(System.getProperty("user.name"))) {
      options.addArguments("--no-sandbox"); // Chromium refuses to run as root with its sandbox
    }
    // The driver named here, so Selenium Manager never looks for (or downloads) one.
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }

  private String base() {
    return "http://" + Main.hostPort(server.api);
  }

  /** Waits until the event stream is open, so what follows tests live updates rather than polling. */
  private void awaitLive() {
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "live"));
  }

  /** Marks the page, so a reload (which would lose the mark) cannot pass for a live update. */
  private void markPage() {
    ((JavascriptExecutor) browser).executeScript("document.body.dataset.marker = 'not reloaded'");
  }

  private WebElement visible(By by) {
    return new WebDriverWait(browser, LIVE).until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /**
   * A wait of {@link #LIVE} that looks again when the page redrew what it found (a refetch after an event
   * replaces the nodes it shows).
   */
  private WebDriverWait liveWait() {
    return (WebDriverWait) new WebDriverWait(browser, LIVE).ignoring(StaleElementReferenceException.class);
  }

  /** The text of what {@code by} finds, read again if a redraw replaced it between finding and reading. */
  private String textOf(By by) {
    return liveWait().until(d -> d.findElement(by).getText());
  }

  private WebElement until(By by) {
    return new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(by));
  }

  /** What must show within {@link #LIVE}, with no reload. */
  private WebElement live(By by) {
    WebElement found = new WebDriverWait(browser, LIVE).until(ExpectedConditions.presenceOfElementLocated(by));
    assertThat(browser.executeScript("return document.body.dataset.marker")).as("no reload").isEqualTo("not reloaded");
    return found;
  }

  /** An instance's status as the service page shows it. */
  private String status(String instance) {
    return browser.findElement(By.cssSelector("section[data-instance='" + instance + "'] .status"))
        .getAttribute("data-status");
  }

  /** An instance's status as the API reports it. */
  private String instanceStatus(String instance) {
    try {
      return json(call("GET", "/v1/agent/self", null, null)).at("/Stats/signpost_instance_status/" + instance).asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Clicks an instance's action button. */
  private void act(String instance, String action) {
    click(By.cssSelector("section[data-instance='" + instance + "'] button[data-action='" + action + "']"));
  }

  /**
   * Clicks what {@code by} finds. The page may redraw it between finding and clicking (a live update or a
   * refetch re-renders lists and links), which makes the element found stale: {@link #liveWait} finds it afresh.
   */
  private void click(By by) {
    liveWait().until(d -> {
      d.findElement(by).click();
      return true;
    });
  }

  private WebElement confirmDialog() {
    return new WebDriverWait(browser, Duration.ofSeconds(5))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
  }

  private void giveToken(String token) {
    WebElement input = new WebDriverWait(browser, Duration.ofSeconds(5))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("token-input")));
    input.clear();
    input.sendKeys(token);
    browser.findElement(By.id("token-save")).click();
    new WebDriverWait(browser, Duration.ofSeconds(5))
        .until(ExpectedConditions.invisibilityOfElementLocated(By.id("token-dialog")));
  }

  private void screenshot(String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(getClass().getSimpleName() + "-" + name + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
  }

  private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("X-Consul-Token", token);
    }
    HttpResponse<String> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (method.equals("PUT") && response.statusCode() != 200) {
      throw new AssertionError(method + " " + path + ": " + response.statusCode() + " " + response.body());
    }
    return response;
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }
}
