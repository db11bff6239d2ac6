package dev.eddy.samples.todo;

/**
 * One item of the list, as the API sends it: {@code {"id":1,"title":"Buy milk","done":false}}.
 * Immutable: the {@link TodoStore} replaces an item to change it.
 *
 * @param id positive, assigned by the store, never reused while the service runs
 * @param title what to do, not blank, at most {@code todo.max-title-length} characters
 * @param done whether it is done
 */
public record Todo(long id, String title, boolean done) {}
