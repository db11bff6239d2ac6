package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The server hands its {@code max-form-fields} and {@code max-form-size} to requests (#9). */
class FormLimitsIT {

  @Test
  void theServersFormLimitsApplyOverTheWire() throws Exception {
    App<Void> app = App.create();
    app.at("/form").post(req -> req.bodyForm().thenApply(f -> f.size() + " fields"));
    app.at("/query").get(req -> req.queries().size() + " fields");
    try (ItServer it = new ItServer(app, ItServer.config(c -> c.withFormLimits(3, 16)));
        RawClient c = it.connect()) {
      c.send(post("a&b&c"));
      assertThat(c.read().text()).isEqualTo("3 fields");
      c.send(post("a&b&c&d"));
      RawClient.Reply fields = c.read();
      assertThat(fields.status()).isEqualTo(400);
      assertThat(fields.text()).contains("max-form-fields");
      c.send(post("a=0123456789abcdef"));
      RawClient.Reply size = c.read();
      assertThat(size.status()).isEqualTo(413);
      assertThat(size.text()).contains("max-form-size");
      c.send("GET /query?a&b&c&d HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(400);
    }
  }

  private static String post(String form) {
    return "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + "Content-Length: " + form.length() + "\r\n\r\n" + form;
  }
}
