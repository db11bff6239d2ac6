package dev.eddy.samples.todo;

import dev.eddy.actor.ActorRef;
import dev.eddy.http.App;
import dev.eddy.http.HttpError;
import dev.eddy.http.Middleware;
import dev.eddy.http.Problem;
import dev.eddy.http.Request;
import dev.eddy.http.Response;
import dev.eddy.http.Status;
import dev.eddy.http.middleware.Guards;
import dev.eddy.http.middleware.Logging;
import dev.eddy.time.TimeoutExceededException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * The routes of the service. Endpoints validate the request ({@link TodoInput}), ask the {@link
 * TodoStore} actor and turn its reply into a response; they never block a worker: each returns
 * the stage of its ask.
 *
 * <pre>
 * GET    /todos        200 [todo, ...]
 * POST   /todos        201 todo, Location: /todos/ID    {"title": "...", "done": false}
 * GET    /todos/:id    200 todo | 404
 * PATCH  /todos/:id    200 todo | 404                  {"title": "..."} and/or {"done": true}
 * DELETE /todos/:id    204 | 404
 * GET    /health       200 {"status":"UP"} while the process runs (liveness)
 * GET    /ready        200 {"status":"UP"} | 503 {"status":"DOWN"} (readiness)
 * GET    /             the page; /static/* its script and style
 * </pre>
 *
 * <p>Refusals are RFC 9457 problem bodies ({@link Problem}, through {@link App#problems()}): 400
 * for invalid input, 404 for an unknown id, 409 when the list is full, 415 for a body that is not
 * JSON, 503 when the store does not answer within {@code todo.ask-timeout}, 413 for a body over
 * {@code todo.max-body-size}; the framework's own refusals (no route, method not allowed, a
 * malformed request) take the same form.
 */
final class TodoApi {

  private static final String TODOS = "/todos";
  private static final Map<String, String> UP = Map.of("status", "UP");
  private static final Map<String, String> DOWN = Map.of("status", "DOWN");

  private final ActorRef<TodoStore.Command> store;
  private final Duration timeout;
  private final TodoInput input;
  private final int maxTodos;
  private final BooleanSupplier accepting;

  private TodoApi(ActorRef<TodoStore.Command> store, TodoSettings settings,
      BooleanSupplier accepting) {
    this.store = store;
    this.timeout = settings.askTimeout();
    this.input = new TodoInput(settings.maxTitleLength());
    this.maxTodos = settings.maxTodos();
    this.accepting = accepting;
  }

  /**
   * The app: problem bodies for every error, request logging (first, so that it sees the final
   * status), then the routes.
   *
   * @param store the actor that holds the list
   * @param publicDir the directory with the page ({@code index.html}, script, style)
   * @param accepting whether the service takes traffic: {@code false} once shutdown has begun
   */
  static App<Void> app(ActorRef<TodoStore.Command> store, TodoSettings settings, Path publicDir,
      BooleanSupplier accepting) {
    TodoApi api = new TodoApi(store, settings, accepting);
    App<Void> app = App.create().problems();
    // The store is overloaded or stuck: a retry later may succeed, so 503 rather than 500.
    app.onError(TimeoutExceededException.class, (req, e) -> Problem.of(Status.SERVICE_UNAVAILABLE,
        "the todo store did not answer in time; try again later").toResponse());
    app.with(Logging.requests());
    Middleware<Void> bodyLimit = Guards.maxBodySize(settings.maxBodySize());
    app.at(TODOS).with(bodyLimit).get(api::list).post(api::create);
    app.at(TODOS + "/:id").with(bodyLimit).get(api::find).patch(api::patch).delete(api::remove);
    app.at("/health").get(req -> Response.json(UP));
    app.at("/ready").get(api::ready);
    app.at("/").serveFile(publicDir.resolve("index.html"));
    app.at("/static").serveDir(publicDir);
    return app;
  }

  private CompletionStage<Response> list(Request<Void> req) {
    return store.<List<Todo>>ask(TodoStore.ListAll::new, timeout).thenApply(Response::json);
  }

  private CompletionStage<Response> create(Request<Void> req) {
    TodoInput.requireJson(req.header("Content-Type"));
    return req.bodyBytes()
        .thenApply(input::parseCreate)
        .thenCompose(draft -> store.<Optional<Todo>>ask(
            r -> new TodoStore.Create(draft.title(), draft.done(), r), timeout))
        .thenApply(created -> {
          Todo todo = created.orElseThrow(() -> TodoInput.refusal(Status.CONFLICT,
              "the list is full: it holds at most " + maxTodos + " todos (todo.max-todos); "
                  + "delete some first"));
          return Response.json(Status.CREATED, todo).header("Location", TODOS + "/" + todo.id());
        });
  }

  private CompletionStage<Response> find(Request<Void> req) {
    long id = TodoInput.parseId(req.param("id"));
    return store.<Optional<Todo>>ask(r -> new TodoStore.Find(id, r), timeout)
        .thenApply(found -> Response.json(found.orElseThrow(() -> notFound(id))));
  }

  private CompletionStage<Response> patch(Request<Void> req) {
    long id = TodoInput.parseId(req.param("id"));
    TodoInput.requireJson(req.header("Content-Type"));
    return req.bodyBytes()
        .thenApply(input::parsePatch)
        .thenCompose(patch -> store.<Optional<Todo>>ask(
            r -> new TodoStore.Update(id, patch.title(), patch.done(), r), timeout))
        .thenApply(updated -> Response.json(updated.orElseThrow(() -> notFound(id))));
  }

  private CompletionStage<Response> remove(Request<Void> req) {
    long id = TodoInput.parseId(req.param("id"));
    return store.<Boolean>ask(r -> new TodoStore.Remove(id, r), timeout)
        .thenApply(existed -> {
          if (!existed) {
            throw notFound(id);
          }
          return Response.of(Status.NO_CONTENT);
        });
  }

  /**
   * Ready while the service takes traffic and the store answers a ping in time: a load balancer
   * sends requests only to instances that say 200 here, and stops once shutdown begins.
   */
  private CompletionStage<Response> ready(Request<Void> req) {
    if (!accepting.getAsBoolean()) {
      return CompletableFuture.completedStage(Response.json(Status.SERVICE_UNAVAILABLE, DOWN));
    }
    return store.<Boolean>ask(TodoStore.Ping::new, timeout)
        .handle((pong, failure) -> failure == null && accepting.getAsBoolean()
            ? Response.json(UP) : Response.json(Status.SERVICE_UNAVAILABLE, DOWN));
  }

  private static HttpError notFound(long id) {
    return TodoInput.refusal(Status.NOT_FOUND, "no todo with id " + id);
  }
}
