package dev.eddy.samples.todo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Just enough of the W3C WebDriver protocol (https://www.w3.org/TR/webdriver2/) to drive headless
 * Chromium through {@code chromedriver}, spoken with the JDK's HTTP client: no Selenium and its
 * dependency tree for five commands.
 *
 * <p>Element look-ups use the session's implicit wait, so "find the item that should appear"
 * waits for it inside the driver, up to a deadline, without sleeping here.
 *
 * <p>Not thread-safe: one test thread drives one session. {@link #close()} ends the session and
 * the processes (chromedriver and the browsers it started), whatever state they are in.
 */
final class WebDriver implements AutoCloseable {

  /** The key of an element reference in the protocol's JSON. */
  private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long a stopped process may take to exit before it is killed. */
  private static final Duration EXIT_WAIT = Duration.ofSeconds(5);

  private final Process driver;
  private final List<String> log;
  private final HttpClient http;
  private final String session;
  private final Duration commandTimeout;

  private WebDriver(Process driver, List<String> log, HttpClient http, String session,
      Duration commandTimeout) {
    this.driver = driver;
    this.log = log;
    this.http = http;
    this.session = session;
    this.commandTimeout = commandTimeout;
  }

  /** The first of {@code names} found as an executable on {@code PATH}. */
  static Optional<Path> onPath(String... names) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String name : names) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(dir, name);
        if (!dir.isEmpty() && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Starts {@code chromedriver} on a free port and opens a session of headless {@code browser}.
   *
   * @param implicitWait how long element look-ups wait for the element to appear
   * @param deadline how long start-up and each command may take
   */
  static WebDriver start(Path chromedriver, Path browser, Duration implicitWait,
      Duration deadline) throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort(); // free now; chromedriver binds it a moment later
    }
    Process process = new ProcessBuilder(chromedriver.toString(), "--port=" + port)
        .redirectErrorStream(true).start();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> listening = new CompletableFuture<>();
    Thread reader = new Thread(() -> readLog(process, log, listening), "chromedriver-log");
    reader.setDaemon(true);
    reader.start();
    try {
      listening.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      HttpClient http = HttpClient.newBuilder().connectTimeout(deadline).build();
      Map<String, Object> options = Map.of(
          "binary", browser.toString(),
          "args", List.of("--headless", "--no-sandbox", "--disable-gpu",
              "--disable-dev-shm-usage", "--window-size=1024,768"));
      Map<String, Object> capabilities = Map.of("capabilities", Map.of("alwaysMatch", Map.of(
          "browserName", "chrome", "goog:chromeOptions", options)));
      JsonNode created = send(http, "POST", "http://127.0.0.1:" + port + "/session",
          capabilities, deadline);
      WebDriver webDriver = new WebDriver(process, log, http,
          "http://127.0.0.1:" + port + "/session/" + created.get("sessionId").asText(),
          deadline);
      webDriver.command("POST", "/timeouts", Map.of(
          "implicit", implicitWait.toMillis(), "pageLoad", deadline.toMillis(),
          "script", deadline.toMillis()));
      return webDriver;
    } catch (Exception e) {
      stop(process);
      throw new IllegalStateException("chromedriver did not start a session within " + deadline
          + "; its output: " + String.join("\n", log), e);
    }
  }

  private static void readLog(Process process, List<String> log,
      CompletableFuture<Void> listening) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(
        process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        log.add(line);
        if (line.contains("started successfully")) {
          listening.complete(null);
        }
      }
      listening.completeExceptionally(new IOException("chromedriver exited"));
    } catch (IOException e) {
      listening.completeExceptionally(e);
    }
  }

  /** Opens {@code url} and waits for the page to load. */
  void open(String url) {
    command("POST", "/url", Map.of("url", url));
  }

  /** The element at {@code xpath}, waiting for it up to the implicit wait. */
  String findByXPath(String xpath) {
    return element(command("POST", "/element", Map.of("using", "xpath", "value", xpath)));
  }

  /** The element matching the CSS selector, waiting for it up to the implicit wait. */
  String find(String css) {
    return element(command("POST", "/element", Map.of("using", "css selector", "value", css)));
  }

  private static String element(JsonNode found) {
    JsonNode id = found.get(ELEMENT);
    if (id == null) {
      throw new IllegalStateException("WebDriver answered " + found + ": expected an element");
    }
    return id.asText();
  }

  void click(String element) {
    command("POST", "/element/" + element + "/click", Map.of());
  }

  void type(String element, String text) {
    command("POST", "/element/" + element + "/value", Map.of("text", text));
  }

  /** The element's rendered text. */
  String text(String element) {
    return command("GET", "/element/" + element + "/text", null).asText();
  }

  /** What chromedriver printed, for failure messages. */
  String log() {
    return String.join("\n", log);
  }

  private JsonNode command(String method, String path, Object body) {
    try {
      return send(http, method, session + path, body, commandTimeout);
    } catch (IOException e) {
      throw new UncheckedIOException("WebDriver " + method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during WebDriver " + method + " " + path, e);
    }
  }

  /** Sends one command; returns its {@code value}, or throws with the driver's error. */
  private static JsonNode send(HttpClient http, String method, String url, Object body,
      Duration timeout) throws IOException, InterruptedException {
    HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
        .header("Content-Type", "application/json; charset=utf-8")
        .method(method, publisher).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode value = JSON.readTree(response.body()).path("value");
    if (response.statusCode() != 200) {
      throw new IllegalStateException("WebDriver " + method + " " + url + ": " + response
          .statusCode() + " " + value.path("error").asText() + ": "
          + value.path("message").asText());
    }
    return value;
  }

  /**
   * Ends the session (closing the browser), then stops chromedriver and every process it started,
   * and returns once they have exited (forcibly past a deadline), so that no browser outlives the
   * test.
   */
  @Override
  public void close() {
    List<ProcessHandle> started = driver.descendants().toList(); // before the browser quits
    try {
      send(http, "DELETE", session, null, commandTimeout);
    } catch (Exception e) {
      // The browser may already be gone; the processes are stopped below either way.
    } finally {
      stop(driver, started);
    }
  }

  private static void stop(Process process) {
    stop(process, process.descendants().toList());
  }

  private static void stop(Process process, List<ProcessHandle> children) {
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    List<ProcessHandle> all = new ArrayList<>(children);
    all.add(process.toHandle());
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        handle.destroyForcibly();
      } catch (ExecutionException | TimeoutException e) {
        handle.destroyForcibly();
      }
    }
  }
}
