package dev.eddy.http.internal;

import dev.eddy.http.App;
import dev.eddy.http.HttpError;
import dev.eddy.http.Request;
import dev.eddy.http.Response;
import java.util.Objects;

/**
 * The server's way to have an app answer a request it refused before the app saw it, without a
 * public method on {@link App}: {@code App} registers how, once, when its class is initialised
 * (before any app exists to serve). Static, any thread.
 */
public final class Refusals {

  /** How an app answers a refusal. */
  @FunctionalInterface
  public interface Answerer {
    /** The answer {@code app} gives to {@code request}, refused with {@code error}. */
    Response answer(App<?> app, Request.Builder request, HttpError error);
  }

  /** The stand-in method and target of a request that could not be read. */
  public static final String UNREAD = "-";

  private static volatile Answerer answerer;

  private Refusals() {}

  /** Called once by {@code App}. */
  public static void register(Answerer a) {
    answerer = Objects.requireNonNull(a, "a");
  }

  /**
   * The answer of {@code app} to a request from {@code request}'s addresses that the server
   * refused with {@code error}: the app's {@code onError} handler's, or its default (plain text,
   * or a problem body with {@code App.problems()}); request-log middleware see it.
   */
  public static Response answer(App<?> app, Request.Builder request, HttpError error) {
    return answerer.answer(app, request, error);
  }
}
