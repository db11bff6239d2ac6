package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Cookie attributes browsers would reject are refused when the cookie is built. */
class CookieTest {

  @Test
  void sameSiteNoneNeedsSecure() {
    assertThatThrownBy(() -> Cookie.of("sid", "abc").withSameSite("None"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SameSite=None")
        .hasMessageContaining("withSecure()");

    assertThat(Cookie.of("sid", "abc").withSecure().withSameSite("None").toHeaderValue())
        .isEqualTo("sid=abc; Secure; SameSite=None");
    assertThat(Cookie.of("sid", "abc").withSameSite("Lax").toHeaderValue())
        .isEqualTo("sid=abc; SameSite=Lax");
  }
}
