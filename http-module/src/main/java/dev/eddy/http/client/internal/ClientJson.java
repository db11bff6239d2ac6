package dev.eddy.http.client.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.http.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * JSON and text for the client. Responses ignore unknown properties: a client reads an API that
 * may grow fields, unlike a server that refuses a typo in its own contract. Static, any thread.
 */
public final class ClientJson {

  /** The mapper of bodies: that of {@code JsonConfig}, ignoring unknown fields. */
  private static ObjectMapper mapper() {
    return Json.clientMapper();
  }

  private ClientJson() {}

  /** {@code bytes} as JSON into {@code type}; fails with an UncheckedIOException naming {@code
   * what}. */
  public static <T> T read(byte[] bytes, Class<T> type, Object what) {
    try {
      return mapper().readValue(bytes, type);
    } catch (IOException e) {
      throw new UncheckedIOException("the body of " + what + " is not JSON for "
          + type.getSimpleName() + ": " + Json.describe(e), e);
    }
  }

  /** As {@link #read(byte[], Class, Object)} for a generic type. */
  public static <T> T read(byte[] bytes, TypeReference<T> type, Object what) {
    try {
      return mapper().readValue(bytes, type);
    } catch (IOException e) {
      throw new UncheckedIOException("the body of " + what + " is not JSON for "
          + type.getType().getTypeName() + ": " + Json.describe(e), e);
    }
  }

  /** {@code value} as JSON bytes. */
  public static byte[] write(Object value) {
    try {
      return mapper().writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass().getName()
          + " as JSON: " + e.getMessage(), e);
    }
  }

  /** The charset named by a Content-Type value, UTF-8 if none or unknown. */
  public static Charset charset(String contentType) {
    if (contentType != null) {
      int at = contentType.toLowerCase(java.util.Locale.ROOT).indexOf("charset=");
      if (at >= 0) {
        String name = contentType.substring(at + 8).split("[;\\s]")[0].replace("\"", "");
        try {
          return Charset.forName(name);
        } catch (RuntimeException e) {
          return StandardCharsets.UTF_8;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }
}
