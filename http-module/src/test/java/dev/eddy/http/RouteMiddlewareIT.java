package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Route middleware guards nested apps and served files over the wire too (review #4). */
class RouteMiddlewareIT {

  @Test
  void routeMiddlewareGuardsNestedAppsAndFilesOverTheWire(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("secret.txt"), "SECRET file");
    App<Void> admin = App.create();
    admin.at("/users").get(req -> "SECRET user list");
    App<Void> app = App.create();
    app.at("/admin").with(RouteMiddlewareTest.DENY).nest(admin);
    app.at("/private").with(RouteMiddlewareTest.DENY).serveDir(dir);
    app.at("/public").serveDir(dir);
    try (ItServer it = new ItServer(app, ItServer.config(c -> c)); RawClient c = it.connect()) {
      for (String path : new String[] {"/admin", "/admin/users", "/private",
          "/private/secret.txt"}) {
        c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
        RawClient.Reply reply = c.read();
        assertThat(reply.status()).as(path).isEqualTo(401);
        assertThat(reply.text()).as(path).doesNotContain("SECRET");
      }
      c.send("GET /public/secret.txt HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read().text()).isEqualTo("SECRET file"); // the control: unguarded is served
    }
  }
}
