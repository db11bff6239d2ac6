package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown under load: client threads loop over keep-alive connections while the server
 * stops. No request the app started may be lost or cut short.
 */
class HttpShutdownIT {

  private static final int CLIENTS = 4;
  /** The request during which the server is told to shut down. */
  private static final int SHUTDOWN_AT = 200;

  @Test
  void finishesEveryRequestInFlightAndCompletes() throws Exception {
    AtomicInteger started = new AtomicInteger();
    AtomicReference<ItServer> server = new AtomicReference<>();
    CountDownLatch shutdownCalled = new CountDownLatch(1);
    AtomicReference<java.util.concurrent.CompletableFuture<Void>> stopped =
        new AtomicReference<>();
    App<Void> app = App.create();
    app.at("/work/:n").get(req -> {
      int n = started.incrementAndGet();
      if (n == SHUTDOWN_AT) {
        // From inside a request, so at least this one is surely in flight when it begins.
        stopped.set(server.get().server.shutdown(Duration.ofSeconds(5)).toCompletableFuture());
        shutdownCalled.countDown();
      }
      return server.get().runtime.timer().sleep(Duration.ofMillis(3))
          .thenApply(v -> "done " + req.param("n"));
    });
    try (ItServer it = new ItServer(app, ItServer.config(c -> c))) {
      server.set(it);
      AtomicInteger answered = new AtomicInteger();
      AtomicInteger closeAnnounced = new AtomicInteger();
      AtomicInteger refusedAtConnect = new AtomicInteger();
      AtomicInteger closedBeforeAnswering = new AtomicInteger();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      List<Thread> clients = new ArrayList<>();
      for (int t = 0; t < CLIENTS; t++) {
        int id = t;
        Thread client = new Thread(() -> {
          int seq = 0;
          try {
            while (true) {
              RawClient c;
              try {
                c = it.connect();
              } catch (ConnectException refused) {
                refusedAtConnect.incrementAndGet();
                return; // the listener is closed: the run is over for this client
              }
              try (c) {
                while (true) {
                  String n = id + "-" + seq++;
                  c.send("GET /work/" + n + " HTTP/1.1\r\nHost: x\r\n\r\n");
                  String first;
                  try {
                    first = c.line();
                  } catch (SocketException reset) {
                    first = null;
                  }
                  if (first == null) {
                    // Closed before a single byte of an answer: a keep-alive connection closed
                    // while idle, racing this request. Legal only if the app never started it,
                    // which the totals below check.
                    closedBeforeAnswering.incrementAndGet();
                    break;
                  }
                  RawClient.Reply r = c.readRest(first);
                  if (r.status() != 200 || !r.text().equals("done " + n)) {
                    failures.add(n + ": " + r.statusLine() + " " + r.text());
                    return;
                  }
                  answered.incrementAndGet();
                  if ("close".equals(r.header("Connection"))) {
                    closeAnnounced.incrementAndGet();
                    if (!c.closedByServer()) {
                      failures.add(n + ": more bytes after Connection: close");
                    }
                    break;
                  }
                }
              }
            }
          } catch (IOException | RuntimeException e) {
            failures.add("client " + id + ": " + e);
          }
        }, "load-" + t);
        client.start();
        clients.add(client);
      }
      assertThat(shutdownCalled.await(20, TimeUnit.SECONDS)).isTrue();
      stopped.get().get(10, TimeUnit.SECONDS);
      for (Thread client : clients) {
        client.join(TimeUnit.SECONDS.toMillis(15));
        assertThat(client.isAlive()).as(client.getName() + " finished").isFalse();
      }
      assertThat(failures).isEmpty();
      assertThat(answered.get()).as("every request the app started was answered in full")
          .isEqualTo(started.get()).isGreaterThanOrEqualTo(SHUTDOWN_AT);
      assertThat(closeAnnounced.get()).isGreaterThanOrEqualTo(1);
      assertThat(refusedAtConnect.get() + closedBeforeAnswering.get() + closeAnnounced.get())
          .as("each client's last connection ended cleanly").isGreaterThanOrEqualTo(CLIENTS);
      assertThat(refusedAtConnect).hasValue(CLIENTS);
    }
  }
}
