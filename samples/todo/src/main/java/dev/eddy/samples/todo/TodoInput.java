package dev.eddy.samples.todo;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.eddy.http.HttpError;
import dev.eddy.http.Problem;
import dev.eddy.http.Status;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads and validates what clients send: the JSON bodies of create and patch, and the id in a
 * path. Every refusal is an {@link HttpError} with a {@link Problem} whose text names the bad
 * value and what was expected; a body's field errors are collected together, so a client learns of all of them at
 * once.
 *
 * <p>Bodies are read as JSON trees rather than bound to a class, because a patch must tell a
 * field that is absent (keep the value) from one that is {@code null} (an error). Titles are
 * stored stripped of leading and trailing white space.
 *
 * <p>Thread-safety: immutable; shared by every request.
 */
final class TodoInput {

  /** A validated create: the title (stripped) and whether it starts done. */
  record Draft(String title, boolean done) {}

  /** A validated patch: {@code null} for a field that was not sent. */
  record Patch(String title, Boolean done) {}

  private static final String TITLE = "title";
  private static final String DONE = "done";
  private static final Set<String> FIELDS = Set.of(TITLE, DONE);
  /** Field errors reported per request: enough to fix a body, bounded for hostile ones. */
  private static final int MAX_ERRORS = 20;
  /** Characters of a bad id echoed back: enough to recognise it. */
  private static final int MAX_ECHO = 40;

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final int maxTitleLength;

  /** @param maxTitleLength the longest title accepted, in characters (code points) */
  TodoInput(int maxTitleLength) {
    this.maxTitleLength = maxTitleLength;
  }

  /** The todo to create from {@code body}: {@code title} required, {@code done} optional. */
  Draft parseCreate(byte[] body) {
    JsonNode json = object(body);
    List<Problem.FieldError> errors = unknownFields(json);
    String title = title(json.get(TITLE), errors);
    if (!json.has(TITLE)) {
      errors.add(Problem.FieldError.of(TITLE, "is required: expected a string"));
    }
    Boolean done = done(json.get(DONE), errors);
    check(errors);
    return new Draft(title, done != null && done);
  }

  /** The change in {@code body}: {@code title}, {@code done} or both. */
  Patch parsePatch(byte[] body) {
    JsonNode json = object(body);
    List<Problem.FieldError> errors = unknownFields(json);
    String title = title(json.get(TITLE), errors);
    Boolean done = done(json.get(DONE), errors);
    check(errors);
    if (title == null && done == null) {
      throw refusal(Status.BAD_REQUEST,
          "the patch changes nothing: expected at least one of 'title', 'done'");
    }
    return new Patch(title, done);
  }

  /** The id in a path: {@code /todos/42} gives 42. */
  static long parseId(String text) {
    long id;
    try {
      id = Long.parseLong(text);
    } catch (NumberFormatException e) {
      id = 0;
    }
    // Digits only: Long.parseLong would take "+42", which is not how ids are written.
    if (id <= 0 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw refusal(Status.BAD_REQUEST, "todo id '" + echo(text)
          + "': expected a positive integer such as 42");
    }
    return id;
  }

  /**
   * Refuses a {@code Content-Type} other than JSON ({@code application/json} or {@code *+json},
   * any parameters); a missing one is taken as JSON.
   */
  static void requireJson(String contentType) {
    if (contentType == null) {
      return;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .strip().toLowerCase(Locale.ROOT);
    if (!type.equals("application/json") && !type.endsWith("+json")) {
      throw refusal(Status.UNSUPPORTED_MEDIA_TYPE, "Content-Type '"
          + echo(contentType) + "': expected application/json");
    }
  }

  private static JsonNode object(byte[] body) {
    JsonNode json;
    try {
      json = MAPPER.readTree(body);
    } catch (JsonParseException e) {
      throw refusal(Status.BAD_REQUEST, "malformed JSON at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
          + firstLine(e.getOriginalMessage()));
    } catch (MismatchedInputException e) {
      // FAIL_ON_TRAILING_TOKENS: "{...} {...}" is two values where one object was expected.
      throw refusal(Status.BAD_REQUEST, "more data after the JSON object at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
          + ": expected a single JSON object");
    } catch (IOException e) {
      // Jackson's other messages name Java types: nothing for the client there.
      throw refusal(Status.BAD_REQUEST, "unreadable JSON: expected a JSON object");
    }
    if (json == null || json.isMissingNode()) {
      throw refusal(Status.BAD_REQUEST, "empty body: expected a JSON object such as "
          + "{\"title\": \"Buy milk\"}");
    }
    if (!json.isObject()) {
      throw refusal(Status.BAD_REQUEST, "body is " + kind(json)
          + ": expected a JSON object such as {\"title\": \"Buy milk\"}");
    }
    return json;
  }

  private static List<Problem.FieldError> unknownFields(JsonNode json) {
    List<Problem.FieldError> errors = new ArrayList<>();
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        errors.add(Problem.FieldError.of(name, "unknown field: expected only 'title' and 'done'"));
      }
    }
    return errors;
  }

  private String title(JsonNode value, List<Problem.FieldError> errors) {
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      errors.add(Problem.FieldError.of(TITLE, "is " + kind(value) + ": expected a string"));
      return null;
    }
    String title = value.textValue().strip();
    int length = title.codePointCount(0, title.length());
    if (title.isEmpty()) {
      errors.add(Problem.FieldError.of(TITLE, "is blank: expected some text"));
    } else if (length > maxTitleLength) {
      errors.add(Problem.FieldError.of(TITLE, "is " + length + " characters long: expected at "
          + "most " + maxTitleLength));
    }
    return title;
  }

  private static Boolean done(JsonNode value, List<Problem.FieldError> errors) {
    if (value == null) {
      return null;
    }
    if (!value.isBoolean()) {
      errors.add(Problem.FieldError.of(DONE, "is " + kind(value) + ": expected true or false"));
      return null;
    }
    return value.booleanValue();
  }

  /** The refusal of a request with {@code status}: a problem body whose detail is {@code detail}. */
  static HttpError refusal(int status, String detail) {
    return new HttpError(Problem.of(status, detail));
  }

  private static void check(List<Problem.FieldError> errors) {
    if (!errors.isEmpty()) {
      List<Problem.FieldError> shown = errors.subList(0, Math.min(errors.size(), MAX_ERRORS));
      throw new HttpError(Problem.of(Status.BAD_REQUEST, "the todo has " + shown.size()
          + " invalid field" + (shown.size() == 1 ? "" : "s")).withErrors(shown));
    }
  }

  /** How a JSON value reads in an error: "a number", "null", "an array". */
  private static String kind(JsonNode value) {
    JsonNodeType type = value.getNodeType();
    return switch (type) {
      case NULL -> "null";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      default -> "a " + type.name().toLowerCase(Locale.ROOT) + " value";
    };
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String echo(String text) {
    return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "...";
  }
}
