package dev.eddy.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.config.EddyConfig;
import dev.eddy.http.client.Client;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.http.client.RequestBuilder;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service over loopback, called with the Eddy client: every route, and every way a request
 * can be refused, with the problem bodies checked field by field. One service (on an ephemeral
 * port) serves all tests; each test creates the todos it needs, so order does not matter.
 */
class TodoApiIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WAIT_SECONDS = 10;

  private static TodoService service;
  private static Client client;
  private static String base;

  /** A response read whole: status, headers that matter here, and the body. */
  record Reply(int status, String contentType, String location, String allow, String text) {

    JsonNode json() throws Exception {
      return JSON.readTree(text);
    }
  }

  @BeforeAll
  static void start() {
    service = TodoService.start(EddyConfig.load(), new InetSocketAddress("127.0.0.1", 0));
    base = "http://127.0.0.1:" + service.address().getPort();
    client = Client.create();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (service != null) {
      service.close();
    }
  }

  private static Reply call(RequestBuilder request) throws Exception {
    ClientResponse r = request.send().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    String text = r.bodyString().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    return new Reply(r.status(), r.header("Content-Type"), r.header("Location"),
        r.header("Allow"), text);
  }

  private static Reply postJson(String path, String rawJson) throws Exception {
    return call(client.post(base + path).header("Content-Type", "application/json")
        .body(rawJson));
  }

  private static Reply patchJson(String path, String rawJson) throws Exception {
    return call(client.patch(base + path).header("Content-Type", "application/json")
        .body(rawJson));
  }

  private static Todo create(String title) throws Exception {
    Reply created = call(client.post(base + "/todos").bodyJson(Map.of("title", title)));
    assertThat(created.status()).isEqualTo(201);
    return JSON.readValue(created.text(), Todo.class);
  }

  /** Asserts an RFC 9457 body with about:blank, and returns it for the specific checks. */
  private static JsonNode problem(Reply reply, int status, String title) throws Exception {
    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.contentType()).isEqualTo("application/problem+json");
    JsonNode body = reply.json();
    assertThat(body.get("type").asText()).isEqualTo("about:blank");
    assertThat(body.get("title").asText()).isEqualTo(title);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    return body;
  }

  private static List<String> errors(JsonNode problem) {
    return java.util.stream.StreamSupport.stream(problem.get("errors").spliterator(), false)
        .map(e -> e.get("pointer").asText() + " " + e.get("detail").asText())
        .toList();
  }

  // ---- the happy path -------------------------------------------------------------------------

  @Test
  void createsReadsListsPatchesAndDeletesATodo() throws Exception {
    Reply created = call(client.post(base + "/todos")
        .bodyJson(Map.of("title", "  Write the README  ", "done", false)));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.contentType()).isEqualTo("application/json");
    Todo todo = JSON.readValue(created.text(), Todo.class);
    assertThat(todo.id()).isPositive();
    assertThat(todo.title()).isEqualTo("Write the README"); // stripped
    assertThat(todo.done()).isFalse();
    assertThat(created.location()).isEqualTo("/todos/" + todo.id());

    assertThat(client.get(base + created.location()).recvJson(Todo.class)
        .toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(todo);
    Todo[] all = client.get(base + "/todos").recvJson(Todo[].class)
        .toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(all).contains(todo);

    Reply done = call(client.patch(base + "/todos/" + todo.id()).bodyJson(Map.of("done", true)));
    assertThat(done.status()).isEqualTo(200);
    assertThat(JSON.readValue(done.text(), Todo.class))
        .isEqualTo(new Todo(todo.id(), "Write the README", true));
    Reply renamed = call(client.patch(base + "/todos/" + todo.id())
        .bodyJson(Map.of("title", "Write the docs")));
    assertThat(JSON.readValue(renamed.text(), Todo.class))
        .isEqualTo(new Todo(todo.id(), "Write the docs", true)); // done kept

    Reply deleted = call(client.delete(base + "/todos/" + todo.id()));
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.text()).isEmpty();
    problem(call(client.get(base + "/todos/" + todo.id())), 404, "Not Found");
  }

  @Test
  void listsTodosInCreationOrderAndCreatesDoneOnes() throws Exception {
    Todo first = create("first");
    Reply second = call(client.post(base + "/todos")
        .bodyJson(Map.of("title", "second", "done", true)));
    Todo secondTodo = JSON.readValue(second.text(), Todo.class);
    assertThat(secondTodo.done()).isTrue();
    assertThat(secondTodo.id()).isGreaterThan(first.id());
    List<Todo> all = List.of(client.get(base + "/todos").recvJson(Todo[].class)
        .toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS));
    assertThat(all).containsSubsequence(first, secondTodo);
  }

  @Test
  void answersHealthAndReadiness() throws Exception {
    Reply health = call(client.get(base + "/health"));
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("UP");
    Reply ready = call(client.get(base + "/ready"));
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("status").asText()).isEqualTo("UP");
  }

  @Test
  void readinessSays503OnceShutdownBeginsWhileHealthStaysUp() throws Exception {
    try (TodoService draining = TodoService.start(EddyConfig.load(),
        new InetSocketAddress("127.0.0.1", 0))) {
      String url = "http://127.0.0.1:" + draining.address().getPort();
      assertThat(call(client.get(url + "/ready")).status()).isEqualTo(200);
      draining.stopAccepting();
      Reply ready = call(client.get(url + "/ready"));
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.json().get("status").asText()).isEqualTo("DOWN");
      assertThat(call(client.get(url + "/health")).status()).isEqualTo(200);
    }
  }

  @Test
  void servesThePageAndItsScript() throws Exception {
    Reply page = call(client.get(base + "/"));
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.text()).contains("id=\"todo-list\"", "/static/app.js");
    Reply script = call(client.get(base + "/static/app.js"));
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.contentType()).startsWith("text/javascript");
    assertThat(script.text()).contains("fetch(");
  }

  // ---- refusals -------------------------------------------------------------------------------

  @Test
  void refusesACreateWithoutTitleOrWithABlankOne() throws Exception {
    JsonNode missing = problem(postJson("/todos", "{\"done\": false}"), 400, "Bad Request");
    assertThat(missing.get("detail").asText()).isEqualTo("the todo has 1 invalid field");
    assertThat(errors(missing)).containsExactly("#/title is required: expected a string");

    JsonNode blank = problem(postJson("/todos", "{\"title\": \"   \"}"), 400, "Bad Request");
    assertThat(errors(blank)).containsExactly("#/title is blank: expected some text");
  }

  @Test
  void refusesATitleOverTheConfiguredLength() throws Exception {
    int max = TodoSettings.from(EddyConfig.load()).maxTitleLength();
    assertThat(create("x".repeat(max)).title()).hasSize(max);
    JsonNode tooLong = problem(call(client.post(base + "/todos")
        .bodyJson(Map.of("title", "x".repeat(max + 1)))), 400, "Bad Request");
    assertThat(errors(tooLong)).containsExactly(
        "#/title is " + (max + 1) + " characters long: expected at most " + max);
  }

  @Test
  void reportsEveryBadFieldAtOnce() throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", 42);
    body.put("done", "yes");
    body.put("priority", "high");
    JsonNode bad = problem(call(client.post(base + "/todos").bodyJson(body)), 400,
        "Bad Request");
    assertThat(bad.get("detail").asText()).isEqualTo("the todo has 3 invalid fields");
    assertThat(errors(bad)).containsExactlyInAnyOrder(
        "#/priority unknown field: expected only 'title' and 'done'",
        "#/title is a number: expected a string",
        "#/done is a string: expected true or false");
  }

  @Test
  void refusesMalformedJsonAndBodiesThatAreNotObjects() throws Exception {
    JsonNode malformed = problem(postJson("/todos", "{\"title\": "), 400, "Bad Request");
    assertThat(malformed.get("detail").asText()).startsWith("malformed JSON at line 1, column");
    assertThat(malformed.has("errors")).isFalse();

    JsonNode array = problem(postJson("/todos", "[1, 2]"), 400, "Bad Request");
    assertThat(array.get("detail").asText()).startsWith("body is an array: expected a JSON object");

    JsonNode empty = problem(postJson("/todos", ""), 400, "Bad Request");
    assertThat(empty.get("detail").asText()).startsWith("empty body: expected a JSON object");

    JsonNode twice = problem(postJson("/todos", "{\"title\": \"a\", \"title\": \"b\"}"), 400,
        "Bad Request");
    assertThat(twice.get("detail").asText()).contains("Duplicate field 'title'");
  }

  @Test
  void refusesABodyThatIsNotJson() throws Exception {
    JsonNode text = problem(call(client.post(base + "/todos").body("title=milk")), 415,
        "Unsupported Media Type");
    assertThat(text.get("detail").asText())
        .isEqualTo("Content-Type 'text/plain;charset=utf-8': expected application/json");
  }

  @Test
  void refusesBadIdsAndAnswers404ForUnknownOnes() throws Exception {
    for (String id : List.of("abc", "0", "-1", "+5", "99999999999999999999")) {
      JsonNode bad = problem(call(client.get(base + "/todos/" + id)), 400, "Bad Request");
      assertThat(bad.get("detail").asText())
          .isEqualTo("todo id '" + id + "': expected a positive integer such as 42");
    }
    long unknown = Long.MAX_VALUE;
    assertThat(problem(call(client.get(base + "/todos/" + unknown)), 404, "Not Found")
        .get("detail").asText()).isEqualTo("no todo with id " + unknown);
    assertThat(problem(patchJson("/todos/" + unknown, "{\"done\": true}"), 404, "Not Found")
        .get("detail").asText()).isEqualTo("no todo with id " + unknown);
    assertThat(problem(call(client.delete(base + "/todos/" + unknown)), 404, "Not Found")
        .get("detail").asText()).isEqualTo("no todo with id " + unknown);
  }

  @Test
  void refusesPatchesThatChangeNothingOrBreakTheRules() throws Exception {
    Todo todo = create("patch me");
    String path = "/todos/" + todo.id();
    assertThat(problem(patchJson(path, "{}"), 400, "Bad Request").get("detail").asText())
        .isEqualTo("the patch changes nothing: expected at least one of 'title', 'done'");
    assertThat(errors(problem(patchJson(path, "{\"title\": null}"), 400, "Bad Request")))
        .containsExactly("#/title is null: expected a string");
    assertThat(errors(problem(patchJson(path, "{\"id\": 7}"), 400, "Bad Request")))
        .containsExactly("#/id unknown field: expected only 'title' and 'done'");
    // Nothing was changed by the refused patches.
    assertThat(client.get(base + path).recvJson(Todo.class).toCompletableFuture()
        .get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(todo);
  }

  @Test
  void answersTheFrameworksOwnRefusalsAsProblems() throws Exception {
    problem(call(client.get(base + "/nothing/here")), 404, "Not Found");

    Reply put = call(client.put(base + "/todos/1").bodyJson(Map.of("title", "x")));
    JsonNode notAllowed = problem(put, 405, "Method Not Allowed");
    assertThat(notAllowed.get("detail").asText()).contains("PUT");
    assertThat(put.allow()).contains("GET", "PATCH", "DELETE");

    // todo.max-body-size: refused before the body is read.
    long limit = TodoSettings.from(EddyConfig.load()).maxBodySize();
    Reply huge = call(client.post(base + "/todos")
        .bodyJson(Map.of("title", "x".repeat((int) limit))));
    assertThat(problem(huge, 413, "Content Too Large").get("detail").asText())
        .contains(String.valueOf(limit));
  }
}
