package dev.eddy.actor.internal;

import java.util.Objects;

/** Validation of actor names given by users. */
final class Names {

  private Names() {}

  static String check(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.indexOf('/') >= 0 || name.startsWith("$")) {
      throw new IllegalArgumentException("invalid actor name '" + name
          + "': it must be non-empty, without '/', and not start with '$' (kept for generated "
          + "names; use spawnAnonymous)");
    }
    return name;
  }
}
