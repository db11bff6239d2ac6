package dev.eddy.http.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.eddy.http.HttpError;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Conversion of one path or query parameter to a typed value, behind {@code Request.paramLong},
 * {@code Request.param(name, type)}, {@code Request.query(name, type)} and their siblings, and of
 * a whole query to an object ({@code Request.query(Class)}). A value
 * that does not convert is the client's mistake: an {@link HttpError} 400 naming the parameter,
 * the value (cut short if long) and what was expected. A type that is not supported is the app's
 * mistake: an {@link IllegalArgumentException}, which becomes a 500.
 *
 * <p>Supported: {@code String}, {@code Integer}/{@code int}, {@code Long}/{@code long}, {@code
 * Double}/{@code double}, {@code Boolean}/{@code boolean} ({@code true} or {@code false}, any
 * case), {@link BigDecimal}, {@link UUID}, and any enum (by constant name, exact first, then
 * ignoring case). Stateless and thread-safe.
 */
public final class Params {

  private Params() {}

  /** How many characters of a refused value an error message quotes. */
  private static final int QUOTED = 64;

  /**
   * {@code value} as a {@code type}.
   *
   * @param kind what the value is, for the message: {@code "path parameter"} or {@code "query
   *     parameter"}
   * @throws HttpError 400 if {@code value} is not a {@code type}
   * @throws IllegalArgumentException if {@code type} is not supported
   */
  @SuppressWarnings("unchecked")
  public static <T> T convert(String kind, String name, String value, Class<T> type) {
    Class<?> t = boxed(type);
    try {
      Object v;
      if (t == String.class) {
        v = value;
      } else if (t == Integer.class) {
        v = Integer.valueOf(value);
      } else if (t == Long.class) {
        v = Long.valueOf(value);
      } else if (t == Double.class) {
        double d = Double.parseDouble(value);
        if (!Double.isFinite(d) || !value.matches("[-+]?[0-9.eE+-]+")) {
          throw new NumberFormatException(value);
        }
        v = d;
      } else if (t == BigDecimal.class) {
        v = new BigDecimal(value);
      } else if (t == Boolean.class) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
          throw new IllegalArgumentException(value);
        }
        v = Boolean.valueOf(value);
      } else if (t == UUID.class) {
        if (value.length() != 36) {
          throw new IllegalArgumentException(value);
        }
        v = UUID.fromString(value);
      } else if (t.isEnum()) {
        v = enumConstant(t, value);
      } else {
        throw new IllegalArgumentException("parameter '" + name + "': type " + type.getName()
            + " is not supported; expected String, Integer, Long, Double, Boolean, BigDecimal, "
            + "UUID or an enum");
      }
      return (T) v;
    } catch (IllegalArgumentException e) {
      if (!isSupported(t)) {
        throw e;
      }
      throw HttpError.badRequest(kind + " '" + name + "' = '" + quote(value) + "': expected "
          + expected(t));
    }
  }

  /**
   * The first values of a query's parameters, {@code first}, as an object of {@code type} (a
   * record or bean), converted by Jackson; a primitive field must be present.
   *
   * @throws HttpError 400 naming the parameter that does not fit, its value and the expected
   *     form, or the primitive one that is missing
   */
  public static <T> T queryObject(Map<String, String> first, Class<T> type) {
    try {
      return Json.QUERY.readerFor(type).with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .readValue(Json.QUERY.<JsonNode>valueToTree(first));
    } catch (IOException | IllegalArgumentException e) {
      throw HttpError.badRequest("query does not fit " + type.getSimpleName() + ": "
          + describeQueryMismatch(e instanceof IllegalArgumentException && e.getCause() != null
              ? e.getCause() : e, first));
    }
  }

  /** What about the query did not fit: the parameter, its value and the type, when known. */
  private static String describeQueryMismatch(Throwable e, Map<String, String> first) {
    if (e instanceof MismatchedInputException m && m.getPath().size() == 1
        && m.getPath().get(0).getFieldName() != null) {
      String field = m.getPath().get(0).getFieldName();
      String value = first.get(field);
      if (value == null) {
        return "query parameter '" + field + "' is missing";
      }
      if (m.getTargetType() != null) {
        return "query parameter '" + field + "' = '" + quote(value) + "': expected "
            + expected(m.getTargetType());
      }
    }
    return Json.describe(e);
  }

  /** What a value of {@code type} looks like, for a message: "an integer such as 42". */
  public static String expected(Class<?> type) {
    Class<?> t = boxed(type);
    if (t == Integer.class) {
      return "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ", such as 42";
    } else if (t == Long.class) {
      return "an integer such as 42";
    } else if (t == Double.class || t == BigDecimal.class) {
      return "a number such as 2.5";
    } else if (t == Boolean.class) {
      return "true or false";
    } else if (t == UUID.class) {
      return "a UUID such as 123e4567-e89b-12d3-a456-426614174000";
    } else if (t.isEnum()) {
      return "one of " + Arrays.toString(t.getEnumConstants());
    }
    return "a " + t.getSimpleName();
  }

  /** {@code value} as quoted in a message: at most {@value #QUOTED} characters. */
  public static String quote(String value) {
    return value.length() <= QUOTED ? value : value.substring(0, QUOTED) + "...";
  }

  private static boolean isSupported(Class<?> t) {
    return t == String.class || t == Integer.class || t == Long.class || t == Double.class
        || t == BigDecimal.class || t == Boolean.class || t == UUID.class || t.isEnum();
  }

  private static Object enumConstant(Class<?> t, String value) {
    Object[] constants = t.getEnumConstants();
    for (Object c : constants) {
      if (((Enum<?>) c).name().equals(value)) {
        return c;
      }
    }
    for (Object c : constants) {
      if (((Enum<?>) c).name().equalsIgnoreCase(value)) {
        return c;
      }
    }
    throw new IllegalArgumentException(value.toLowerCase(Locale.ROOT));
  }

  private static Class<?> boxed(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    }
    if (type == int.class) {
      return Integer.class;
    } else if (type == long.class) {
      return Long.class;
    } else if (type == double.class) {
      return Double.class;
    } else if (type == boolean.class) {
      return Boolean.class;
    }
    return type;
  }
}
