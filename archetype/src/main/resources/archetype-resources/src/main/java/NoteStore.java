package ${package};

import dev.eddy.actor.Actor;
import dev.eddy.actor.ActorRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The notes, kept by an actor: one message at a time, so the list needs no lock. Endpoints
 * {@code ask} it and get the answer as a stage.
 */
public final class NoteStore extends Actor<NoteStore.Command> {

  /** A stored note. */
  public record Note(long id, String text) {}

  /** What the store understands. */
  public sealed interface Command permits Add, All {}

  /** Adds a note and replies with it. */
  public record Add(String text, ActorRef<Note> replyTo) implements Command {}

  /** Replies with every note. */
  public record All(ActorRef<List<Note>> replyTo) implements Command {}

  private final List<Note> notes = new ArrayList<>();
  private long nextId = 1;

  @Override
  protected void receive(Command command) {
    if (command instanceof Add add) {
      Note note = new Note(nextId++, add.text());
      notes.add(note);
      add.replyTo().tell(note);
    } else if (command instanceof All all) {
      all.replyTo().tell(List.copyOf(notes));
    }
  }
}
