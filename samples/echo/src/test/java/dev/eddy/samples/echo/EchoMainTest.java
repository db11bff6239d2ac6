package dev.eddy.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both styles of the sample, started in-process on a free port, answer an echo round trip. */
class EchoMainTest {

  private static void assertEchoes(EchoMain.Server server) throws IOException {
    byte[] hello = "hello, echo\n".getBytes(StandardCharsets.US_ASCII);
    try (Socket client = new Socket(server.address().getAddress(), server.address().getPort())) {
      client.setSoTimeout(10_000);
      for (int round = 0; round < 3; round++) {
        client.getOutputStream().write(hello);
        assertThat(client.getInputStream().readNBytes(hello.length)).isEqualTo(hello);
      }
      client.shutdownOutput();
      assertThat(client.getInputStream().read()).as("end of stream after ours").isEqualTo(-1);
    }
  }

  @Test
  void pullStyleEchoes() throws Exception {
    try (EchoMain.Server server = EchoMain.start(
        EchoMain.Options.parse(new String[] {"0"}, Map.of()))) {
      assertThat(server.address().getHostString()).isEqualTo("127.0.0.1");
      assertThat(server.address().getPort()).isPositive();
      assertEchoes(server);
    }
  }

  @Test
  void pushStyleEchoes() throws Exception {
    try (EchoMain.Server server = EchoMain.start(
        EchoMain.Options.parse(new String[] {"--push", "0"}, Map.of()))) {
      assertEchoes(server);
    }
  }

  @Test
  void optionsComeFromArgumentsThenEnvironment() {
    EchoMain.Options defaults = EchoMain.Options.parse(new String[0], Map.of());
    assertThat(defaults).isEqualTo(new EchoMain.Options("127.0.0.1", 8080, false,
        EchoMain.DEFAULT_BUFFER_SIZE));
    assertThat(EchoMain.Options.parse(new String[0], Map.of("HOST", "0.0.0.0", "PORT", "9000")))
        .isEqualTo(new EchoMain.Options("0.0.0.0", 9000, false, EchoMain.DEFAULT_BUFFER_SIZE));
    assertThat(EchoMain.Options.parse(new String[] {"--push", "9100", "--buffer-size=4096"},
        Map.of("PORT", "9000")))
        .isEqualTo(new EchoMain.Options("127.0.0.1", 9100, true, 4096));
    assertThatThrownBy(() -> EchoMain.Options.parse(new String[] {"70000"}, Map.of()))
        .hasMessageContaining("port = 70000");
    assertThatThrownBy(() -> EchoMain.Options.parse(new String[] {"--pusj"}, Map.of()))
        .hasMessageContaining("unknown option --pusj");
  }
}
