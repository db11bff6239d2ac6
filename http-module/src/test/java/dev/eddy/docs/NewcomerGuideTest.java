package dev.eddy.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.http.HttpServerConfig;
import dev.eddy.runtime.Runtime;
import org.junit.jupiter.api.Test;

/**
 * Snippets of the newcomer chapters (docs/configuration.md, ...) that no sample holds, compiled
 * and run. The page shows the text between the {@code // doc:} markers; {@link DocSnippetsTest}
 * checks that it still does.
 */
class NewcomerGuideTest {

  @Test
  void configurationInCode() {
    int workers;
    long maxBody;
    // doc:config-in-code
    Config config = EddyConfig.load(ConfigFactory.parseString("""
        eddy.runtime.workers = 2
        eddy.http.server.max-body-size = 1MiB
        """));
    try (Runtime runtime = Runtime.builder(config).build()) {
      workers = runtime.metrics().workers();
      maxBody = HttpServerConfig.from(config).maxBodySize();
    }
    // doc:end
    assertThat(workers).isEqualTo(2);
    assertThat(maxBody).isEqualTo(1 << 20);
  }
}
