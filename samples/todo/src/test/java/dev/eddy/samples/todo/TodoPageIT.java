package dev.eddy.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.config.EddyConfig;
import dev.eddy.http.client.Client;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The web page in headless Chromium, driven over WebDriver: adding a todo in the form shows it in
 * the list, and ticking it marks it done, in the page and in the API. Skipped, saying why, when
 * {@code chromium} or {@code chromedriver} is not installed ({@code .ci/run} installs both).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TodoPageIT {

  /** How long a look-up waits for the page to show an element: the API is local and fast. */
  private static final Duration APPEAR = Duration.ofSeconds(5);
  /** Start-up of chromedriver, of the browser, and each WebDriver command. */
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private static TodoService service;
  private static WebDriver browser;
  private static Client client;
  private static String base;
  /** Why the browser test cannot run here, or {@code null}. */
  private static String missing;

  @BeforeAll
  @Timeout(value = 25, unit = TimeUnit.SECONDS) // a class-level @Timeout skips lifecycle methods
  static void start() throws Exception {
    Optional<Path> chromedriver = WebDriver.onPath("chromedriver");
    Optional<Path> chromium = WebDriver.onPath("chromium", "chromium-browser", "google-chrome");
    if (chromedriver.isEmpty() || chromium.isEmpty()) {
      // Assumed in the test, not here: a skip in @BeforeAll is reported as no test at all.
      missing = "browser test skipped: chromium and chromedriver must be on PATH (Debian: "
          + "apt-get install chromium chromium-driver; .ci/run does it); found chromedriver="
          + chromedriver.map(Path::toString).orElse("none") + ", chromium="
          + chromium.map(Path::toString).orElse("none");
      System.err.println(missing);
      return;
    }
    service = TodoService.start(EddyConfig.load(), new InetSocketAddress("127.0.0.1", 0));
    base = "http://127.0.0.1:" + service.address().getPort();
    client = Client.create();
    browser = WebDriver.start(chromedriver.get(), chromium.get(), APPEAR, DEADLINE);
  }

  @AfterAll
  static void stop() {
    // Each in its own step, so that a failure to close one still closes the others.
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      try {
        if (client != null) {
          client.close();
        }
      } finally {
        if (service != null) {
          service.close();
        }
      }
    }
  }

  @Test
  void addingATodoInThePageShowsItInTheListAndTickingItMarksItDone() throws Exception {
    // In CI (CI=true) a missing browser is a failure, never a skip: .ci/run installs it.
    Assumptions.assumeTrue(missing == null || failInCi(missing), missing);
    String title = "Buy milk " + System.nanoTime(); // unique: the list may hold others
    browser.open(base + "/"); // returns once the page and its script have loaded

    browser.type(browser.find("#new-title"), title);
    browser.click(browser.find("#add-button"));

    String row = "//ul[@id='todo-list']/li[span[@class='title' and text()='" + title + "']]";
    String item = browser.findByXPath(row);
    assertThat(browser.text(item)).contains(title);
    Todo added = Arrays.stream(client.get(base + "/todos").recvJson(Todo[].class)
            .toCompletableFuture().get(5, TimeUnit.SECONDS))
        .filter(t -> t.title().equals(title)).findFirst().orElseThrow(() -> new AssertionError(
            "the page showed '" + title + "' but the API does not have it"));
    assertThat(added.done()).isFalse();

    browser.click(browser.findByXPath(row + "/input[@class='toggle']"));
    browser.findByXPath("//ul[@id='todo-list']/li[contains(@class,'done')][span[text()='"
        + title + "']]"); // waits for the list to be drawn again from the API
    assertThat(client.get(base + "/todos/" + added.id()).recvJson(Todo.class)
        .toCompletableFuture().get(5, TimeUnit.SECONDS).done()).isTrue();
    assertThat(browser.text(browser.find("#error"))).isEmpty();
  }

  /**
   * For an assumption's fallback: in CI ({@code CI=true}) a missing capability or component is
   * a failure, never a skip; elsewhere it returns false, so the assumption skips with {@code why}.
   */
  static boolean failInCi(String why) {
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError("in CI this must not be skipped: " + why);
    }
    return false;
  }
}
