package dev.eddy.samples.todo;

import dev.eddy.actor.Actor;
import dev.eddy.actor.ActorRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The actor that owns the todo list. Endpoints never touch the list: they {@code ask} this actor,
 * which handles one message at a time, so the map needs no lock and every reply sees every
 * earlier change. The list is in memory, in creation order; a restart of the process starts
 * empty (a real service would write through to a database here, as {@code samples/embed}'s
 * ledger does).
 *
 * <p>Input is validated by the endpoints ({@link TodoInput}) before it reaches the store; the
 * store only enforces what needs the state: the id must exist, and the list must have room.
 */
final class TodoStore extends Actor<TodoStore.Command> {

  /** What the store understands; every message carries the ref its reply goes to. */
  sealed interface Command permits ListAll, Find, Create, Update, Remove, Ping {}

  /** Replies with every todo, oldest first. */
  record ListAll(ActorRef<List<Todo>> replyTo) implements Command {}

  /** Replies with the todo {@code id}, or empty when there is none. */
  record Find(long id, ActorRef<Optional<Todo>> replyTo) implements Command {}

  /** Adds a todo; replies with it (and its new id), or empty when the list is full. */
  record Create(String title, boolean done, ActorRef<Optional<Todo>> replyTo)
      implements Command {}

  /**
   * Changes the fields that are not {@code null}; replies with the todo as it now is, or empty
   * when there is no todo {@code id}.
   */
  record Update(long id, String title, Boolean done, ActorRef<Optional<Todo>> replyTo)
      implements Command {}

  /** Deletes the todo {@code id}; replies whether it existed. */
  record Remove(long id, ActorRef<Boolean> replyTo) implements Command {}

  /** Replies {@code true}: the readiness check, proving the store is handling messages. */
  record Ping(ActorRef<Boolean> replyTo) implements Command {}

  private final int maxTodos;
  private final Map<Long, Todo> todos = new LinkedHashMap<>(); // insertion order = creation order
  private long lastId;

  /** @param maxTodos the most todos the list holds; more are refused (memory stays bounded) */
  TodoStore(int maxTodos) {
    this.maxTodos = maxTodos;
  }

  @Override
  protected void receive(Command command) {
    if (command instanceof ListAll list) {
      list.replyTo().tell(List.copyOf(todos.values()));
    } else if (command instanceof Find find) {
      find.replyTo().tell(Optional.ofNullable(todos.get(find.id())));
    } else if (command instanceof Create create) {
      create.replyTo().tell(create(create.title(), create.done()));
    } else if (command instanceof Update update) {
      update.replyTo().tell(update(update));
    } else if (command instanceof Remove remove) {
      remove.replyTo().tell(todos.remove(remove.id()) != null);
    } else if (command instanceof Ping ping) {
      ping.replyTo().tell(Boolean.TRUE);
    }
  }

  private Optional<Todo> create(String title, boolean done) {
    if (todos.size() >= maxTodos) {
      context().log().warn("todo list full ({} todos): refusing a new one", todos.size());
      return Optional.empty();
    }
    Todo todo = new Todo(++lastId, title, done);
    todos.put(todo.id(), todo);
    return Optional.of(todo);
  }

  private Optional<Todo> update(Update update) {
    Todo old = todos.get(update.id());
    if (old == null) {
      return Optional.empty();
    }
    Todo updated = new Todo(old.id(),
        update.title() != null ? update.title() : old.title(),
        update.done() != null ? update.done() : old.done());
    todos.put(updated.id(), updated);
    return Optional.of(updated);
  }
}
