package dev.eddy.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.http.HttpError;
import org.junit.jupiter.api.Test;

/** Percent-decoding and pair parsing at the edges. */
class UrisTest {

  @Test
  void decodeAcceptsOnlyAsciiHexDigits() {
    assertThat(Uris.decode("%41%6a%6A", false)).isEqualTo("Ajj");
    // ARABIC-INDIC DIGIT ONE and TWO: Character.digit reads them as 1 and 2
    assertThatThrownBy(() -> Uris.decode("%\u0661\u0662", false))
        .isInstanceOf(HttpError.class)
        .hasMessageContaining("two hex digits");
    // FULLWIDTH LATIN CAPITAL LETTER A
    assertThatThrownBy(() -> Uris.decode("%4\uff21", false)).isInstanceOf(HttpError.class);
  }
}
