package dev.eddy.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.http.Body;
import dev.eddy.http.Headers;
import dev.eddy.http.client.internal.RedirectRules;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The redirect rules of RFC 9110 §15.4, without a network. */
class RedirectsTest {

  private static final URI FROM = URI.create("http://a.example:8080/start");

  private static ClientRequest post(String body) {
    return new RequestBuilder(null, "POST", FROM).header("Authorization", "Bearer x")
        .body(body).build();
  }

  private static ClientResponse redirect(int status, String location) {
    return ClientResponse.of(status, Headers.of("Location", location), Body.empty(), FROM);
  }

  @Test
  void seeOtherAndPostAfter301Or302BecomeGetWithoutBody() {
    for (int status : new int[] {301, 302, 303}) {
      ClientRequest next = RedirectRules.next(post("x"), redirect(status, "/next"));
      assertThat(next.method()).isEqualTo("GET");
      assertThat(next.hasBody()).isFalse();
      assertThat(next.header("Content-Type")).isNull();
      assertThat(next.uri()).isEqualTo(URI.create("http://a.example:8080/next"));
    }
  }

  @Test
  void temporaryAndPermanentKeepMethodAndBody() {
    for (int status : new int[] {307, 308}) {
      ClientRequest next = RedirectRules.next(post("x"), redirect(status, "/again"));
      assertThat(next.method()).isEqualTo("POST");
      assertThat(next.bodyLength()).isEqualTo(1);
    }
  }

  @Test
  void dropsCredentialsAcrossOriginsOnly() {
    assertThat(RedirectRules.next(post("x"), redirect(307, "/same")).header("Authorization"))
        .isEqualTo("Bearer x");
    assertThat(RedirectRules.next(post("x"), redirect(307, "http://b.example/"))
        .header("Authorization")).isNull();
    assertThat(RedirectRules.next(post("x"), redirect(307, "http://a.example:9090/"))
        .header("Authorization")).isNull();
  }

  @Test
  void acrossOriginsKeepsOnlyTheSafeListOfHeaders() {
    ClientRequest request = new RequestBuilder(null, "GET", FROM)
        .header("Authorization", "Bearer x").header("Proxy-Authorization", "Basic p")
        .header("Cookie", "session=1").header("X-Api-Key", "k").header("Private-Token", "t")
        .header("Accept", "application/json").header("Accept-Language", "fr")
        .header("User-Agent", "probe").build();

    ClientRequest other = RedirectRules.next(request, redirect(302, "http://b.example/"));
    ClientRequest same = RedirectRules.next(request, redirect(302, "/again"));

    assertThat(names(other.headers())).containsExactly("Accept", "Accept-Language",
        "User-Agent");
    assertThat(names(same.headers())).hasSize(8);
  }

  private static java.util.List<String> names(Headers h) {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < h.size(); i++) {
      names.add(h.name(i));
    }
    return names;
  }

  @Test
  void returnsOtherStatusesAndStreamsAsTheyAre() {
    assertThat(RedirectRules.next(post("x"), redirect(300, "/x"))).isNull();
    assertThat(RedirectRules.next(post("x"), ClientResponse.of(302, new Headers(),
        Body.empty(), FROM))).isNull();
    ClientRequest stream = new RequestBuilder(null, "PUT", FROM)
        .body(ClientEddyServerIT.generated(3)).build();
    assertThat(RedirectRules.next(stream, redirect(307, "/x"))).isNull();
  }
}
