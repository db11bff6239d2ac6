package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.config.EddyConfig;
import dev.eddy.http.client.Client;
import dev.eddy.http.client.ClientResponse;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Starts the service on a free port and calls it over HTTP with Eddy's client. */
class ServiceTest {

  private static Service service;
  private static Client client;
  private static String base;

  @BeforeAll
  static void start() {
    service = Service.start(new InetSocketAddress("127.0.0.1", 0), EddyConfig.load());
    client = Client.create();
    base = "http://127.0.0.1:" + service.address().getPort();
  }

  @AfterAll
  static void stop() {
    client.close();
    service.close();
  }

  @Test
  void isHealthy() throws Exception {
    Map<?, ?> health = client.get(base + "/health").recvJson(Map.class)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(health.get("status")).isEqualTo("UP");
  }

  @Test
  void addsAndListsNotes() throws Exception {
    ClientResponse created = client.post(base + "/notes").bodyJson(Map.of("text", "hello"))
        .send().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(created.status()).isEqualTo(201);
    NoteStore.Note note = created.bodyJson(NoteStore.Note.class)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(note.text()).isEqualTo("hello");

    List<?> all = client.get(base + "/notes").recvJson(List.class)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(all).isNotEmpty();
  }

  @Test
  void refusesAnEmptyNote() throws Exception {
    ClientResponse refused = client.post(base + "/notes").bodyJson(Map.of("text", ""))
        .send().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(refused.status()).isEqualTo(400);
    refused.close();
  }
}
