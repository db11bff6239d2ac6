package dev.eddy.actor;

import java.util.List;
import java.util.Objects;

/**
 * The name of an actor in its system's hierarchy: the system name and the actor names from the
 * user guardian down, printed as {@code eddy://system/user/parent/child}. Anonymous actors have
 * generated names starting with {@code $}. Immutable.
 *
 * @param system the actor system's name
 * @param elements the names from the guardian ({@code user}) down to the actor, never empty
 */
public record ActorPath(String system, List<String> elements) {

  /** Copies {@code elements}; neither may be null. */
  public ActorPath {
    Objects.requireNonNull(system, "system");
    elements = List.copyOf(elements);
    if (elements.isEmpty()) {
      throw new IllegalArgumentException("a path has at least one element");
    }
  }

  /** The actor's own name: the last element. */
  public String name() {
    return elements.get(elements.size() - 1);
  }

  @Override
  public String toString() {
    return "eddy://" + system + "/" + String.join("/", elements);
  }
}
