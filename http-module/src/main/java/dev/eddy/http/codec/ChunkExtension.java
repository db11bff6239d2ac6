package dev.eddy.http.codec;

/**
 * The syntax of chunk extensions, {@code *( BWS ";" BWS ext-name [ BWS "=" BWS ( token /
 * quoted-string ) ] )} after a chunk size (RFC 9112 §7.1.1), as a byte-at-a-time state machine.
 * The parser checks extensions so a malformed chunk line cannot hide a smuggled request, and then
 * drops them. Stateless; states are small ints kept by the caller.
 */
final class ChunkExtension {

  /** Right after the chunk size, a token value or a quoted value. */
  static final int START = 0;
  /** The CR that ends the chunk-size line was read. */
  static final int END = -1;
  /** The byte cannot appear here. */
  static final int INVALID = -2;

  private static final int BWS = 1; // whitespace, so only ';' may follow
  private static final int NAME_START = 2;
  private static final int NAME = 3;
  private static final int AFTER_NAME = 4;
  private static final int VALUE_START = 5;
  private static final int TOKEN = 6;
  private static final int QUOTED = 7;
  private static final int ESCAPE = 8;

  private ChunkExtension() {}

  /** The state after byte {@code b} in state {@code state}: a state, {@link #END} or INVALID. */
  static int next(int state, byte b) {
    boolean ws = b == Ascii.SP || b == Ascii.HTAB;
    boolean token = Ascii.is(b, Ascii.TOKEN);
    return switch (state) {
      case START -> b == Ascii.CR ? END : ws ? BWS : b == ';' ? NAME_START : INVALID;
      case BWS -> ws ? BWS : b == ';' ? NAME_START : INVALID;
      case NAME_START -> ws ? NAME_START : token ? NAME : INVALID;
      case NAME -> token ? NAME : ws ? AFTER_NAME : b == '=' ? VALUE_START
          : b == ';' ? NAME_START : b == Ascii.CR ? END : INVALID;
      case AFTER_NAME -> ws ? AFTER_NAME : b == '=' ? VALUE_START
          : b == ';' ? NAME_START : INVALID;
      case VALUE_START -> ws ? VALUE_START : b == '"' ? QUOTED : token ? TOKEN : INVALID;
      case TOKEN -> token ? TOKEN : b == Ascii.CR ? END : ws ? BWS
          : b == ';' ? NAME_START : INVALID;
      case QUOTED -> b == '"' ? START : b == '\\' ? ESCAPE
          : Ascii.is(b, Ascii.VALUE) ? QUOTED : INVALID; // qdtext: VALUE minus '"' and '\'
      case ESCAPE -> Ascii.is(b, Ascii.VALUE) ? QUOTED : INVALID;
      default -> INVALID;
    };
  }
}
