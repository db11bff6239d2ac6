package dev.eddy.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * HTTP header (or trailer) fields: an ordered list of name-value pairs, looked up ignoring the
 * case of names, keeping each name as it was spelled. Repeated fields stay separate entries in
 * order; values are raw (no list splitting, no unquoting).
 *
 * <p>Compact: names and values sit in one array, with no map or entry objects; a lookup scans it,
 * which beats hashing for the few dozen fields a message has.
 *
 * <p>A request's headers are read-only ({@link #add}, {@link #set} and {@link #remove} throw {@link
 * UnsupportedOperationException}); a response's are writable, and the server checks each name and
 * value when it sends them (a CR or LF in a value is refused: no response splitting).
 *
 * <p>Thread-safety: not synchronized. Read-only headers may be read from any thread that received
 * them safely; writable ones belong to one thread at a time (the handler building the response).
 */
public final class Headers {

  private String[] pairs;
  private int size;
  private boolean readOnly;

  /** No fields, read-only. */
  public static final Headers EMPTY = new Headers(new String[0], 0).readOnly();

  /** Empty, writable headers. */
  public Headers() {
    this.pairs = new String[16];
  }

  private Headers(String[] pairs, int size) {
    this.pairs = pairs;
    this.size = size;
  }

  /**
   * Headers from alternating names and values, e.g. {@code Headers.of("Accept", "text/plain")};
   * writable.
   *
   * @throws IllegalArgumentException if the strings do not come in pairs
   */
  public static Headers of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("expected names and values in pairs, got "
          + namesAndValues.length + " strings");
    }
    Headers h = new Headers(new String[Math.max(16, namesAndValues.length)], 0);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      h.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return h;
  }

  /** How many fields, counting repeats. */
  public int size() {
    return size;
  }

  /** Whether there are no fields. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** The name of field {@code index} (0-based, in order), as spelled by the sender. */
  public String name(int index) {
    return pairs[check(index) * 2];
  }

  /** The value of field {@code index}. */
  public String value(int index) {
    return pairs[check(index) * 2 + 1];
  }

  /** The value of the first field named {@code name} (any case), or {@code null}. */
  public String get(String name) {
    int i = indexOf(name, 0);
    return i < 0 ? null : pairs[i * 2 + 1];
  }

  /** The values of every field named {@code name} (any case), in order; empty if none. */
  public List<String> all(String name) {
    List<String> values = new ArrayList<>(2);
    for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
      values.add(pairs[i * 2 + 1]);
    }
    return values;
  }

  /** Whether a field named {@code name} (any case) is present. */
  public boolean contains(String name) {
    return indexOf(name, 0) >= 0;
  }

  /** The distinct names, in order of first appearance, as first spelled. */
  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < size; i++) {
      if (indexOf(pairs[i * 2], 0) == i) {
        names.add(pairs[i * 2]);
      }
    }
    return names;
  }

  /** Appends a field, keeping any others of the same name. */
  public Headers add(String name, String value) {
    requireWritable();
    if (size * 2 == pairs.length) {
      pairs = Arrays.copyOf(pairs, pairs.length * 2);
    }
    pairs[size * 2] = java.util.Objects.requireNonNull(name, "name");
    pairs[size * 2 + 1] = java.util.Objects.requireNonNull(value, "value");
    size++;
    return this;
  }

  /** Replaces every field named {@code name} (any case) with one field. */
  public Headers set(String name, String value) {
    requireWritable();
    int i = indexOf(name, 0);
    if (i < 0) {
      return add(name, value);
    }
    pairs[i * 2 + 1] = java.util.Objects.requireNonNull(value, "value");
    removeFrom(name, i + 1);
    return this;
  }

  /** Removes every field named {@code name} (any case). */
  public Headers remove(String name) {
    requireWritable();
    removeFrom(name, 0);
    return this;
  }

  /**
   * Makes these fields read-only from now on (the server does so before a request reaches the
   * app) and returns them.
   */
  public Headers readOnly() {
    readOnly = true;
    return this;
  }

  /** Whether {@link #readOnly()} has been called. */
  public boolean isReadOnly() {
    return readOnly;
  }

  private void removeFrom(String name, int from) {
    int w = from;
    for (int r = from; r < size; r++) {
      if (!pairs[r * 2].equalsIgnoreCase(name)) {
        pairs[w * 2] = pairs[r * 2];
        pairs[w * 2 + 1] = pairs[r * 2 + 1];
        w++;
      }
    }
    Arrays.fill(pairs, w * 2, size * 2, null);
    size = w;
  }

  private int indexOf(String name, int from) {
    for (int i = from; i < size; i++) {
      String n = pairs[i * 2];
      // Same instance first: the server interns common names, and handlers use constants.
      if (n == name || n.equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private void requireWritable() {
    if (readOnly) {
      throw new UnsupportedOperationException("these headers are read-only (a request's)");
    }
  }

  private int check(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("field " + index + " of " + size);
    }
    return index;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < size; i++) {
      out.append(i == 0 ? "" : ", ").append(pairs[i * 2]).append(": ").append(pairs[i * 2 + 1]);
    }
    return out.append(']').toString();
  }
}
