package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forms and queries are parsed within {@code max-form-fields} and {@code max-form-size} (security
 * review #9), and a form body is ASCII or a 400.
 */
class FormLimitsTest {

  static final String FORM = "application/x-www-form-urlencoded";

  App<Void> app;

  @BeforeEach
  void routes() {
    app = App.create();
    app.at("/form").post(req -> req.bodyForm().thenApply(f -> f.size() + " fields"));
    app.at("/query").get(req -> req.queries().size() + " fields");
  }

  private Response call(Request.Builder request) throws Exception {
    return app.handle(request).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** {@code count} distinct fields in base 36, {@code 0&1&2&...}, as the review's probe. */
  static String tinyFields(int count) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < count; i++) {
      b.append(i == 0 ? "" : "&").append(Integer.toString(i, 36));
    }
    return b.toString();
  }

  /** A body of {@code 0&1&2&...} of about {@code bytes} bytes. */
  static byte[] tinyFieldsOf(int bytes) {
    StringBuilder b = new StringBuilder(bytes + 8);
    for (int i = 0; b.length() < bytes; i++) {
      b.append(i == 0 ? "" : "&").append(Integer.toString(i, 36));
    }
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void theReviewsTenMebibyteFormIsRefusedWith413NamingTheLimit() throws Exception {
    Response r = call(Request.post("/form").header("Content-Type", FORM)
        .body(tinyFieldsOf(10 << 20)));

    assertThat(r.status()).isEqualTo(413);
    assertThat(r.bodyString()).contains("max-form-size").contains("1048576");
  }

  @Test
  void theReviewsTenMebibyteFormStopsAtTheFieldLimitWhenTheSizeAllowsIt() throws Exception {
    Response r = call(Request.post("/form").header("Content-Type", FORM)
        .body(tinyFieldsOf(10 << 20)).formLimits(1000, 16 << 20));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.bodyString()).isEqualTo("form has more than 1000 fields (max-form-fields)");
  }

  @Test
  void aFormOverTheFieldLimitIs400NamingTheLimit() throws Exception {
    Response atLimit = call(Request.post("/form").header("Content-Type", FORM)
        .body(tinyFields(1000)));
    Response over = call(Request.post("/form").header("Content-Type", FORM)
        .body(tinyFields(1001)));

    assertThat(atLimit.bodyString()).isEqualTo("1000 fields");
    assertThat(over.status()).isEqualTo(400);
    assertThat(over.bodyString()).contains("max-form-fields").contains("1000");
  }

  @Test
  void aQueryOverTheFieldLimitIs400() throws Exception {
    assertThat(call(Request.get("/query?" + tinyFields(1000))).bodyString())
        .isEqualTo("1000 fields");
    Response over = call(Request.get("/query?" + tinyFields(1001)));

    assertThat(over.status()).isEqualTo(400);
    assertThat(over.bodyString()).contains("max-form-fields");
  }

  @Test
  void theLimitsOfTheBuilderApply() throws Exception {
    Response fields = call(Request.post("/form").header("Content-Type", FORM).body("a&b&c")
        .formLimits(2, 100));
    Response size = call(Request.post("/form").header("Content-Type", FORM).body("a=12345")
        .formLimits(100, 6));

    assertThat(fields.status()).isEqualTo(400);
    assertThat(fields.bodyString()).isEqualTo("form has more than 2 fields (max-form-fields)");
    assertThat(size.status()).isEqualTo(413);
    assertThat(size.bodyString()).isEqualTo("form body (max-form-size): more than 6 bytes");
    assertThat(call(Request.get("/query?a&b&c").formLimits(2, 100)).status()).isEqualTo(400);
    assertThat(call(Request.get("/query?a&b").formLimits(2, 100)).bodyString())
        .isEqualTo("2 fields");
  }

  @Test
  void emptyFieldsCostNothingAndCountNothing() throws Exception {
    String manyEmpty = "&".repeat(5000) + "a=1" + "&".repeat(5000) + "a=2&b";

    assertThat(call(Request.post("/form").header("Content-Type", FORM).body(manyEmpty))
        .bodyString()).isEqualTo("2 fields");
  }

  @Test
  void aDeclaredLengthOverTheLimitIsRefusedWithoutReadingTheBody() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    Body twoMebibytes = new Body() {
      @Override
      public CompletionStage<Optional<ByteBuffer>> read() {
        reads.incrementAndGet();
        return CompletableFuture.completedStage(Optional.empty());
      }

      @Override
      public long length() {
        return 2 << 20;
      }
    };

    Response r = call(Request.post("/form").header("Content-Type", FORM).body(twoMebibytes));

    assertThat(r.status()).isEqualTo(413);
    assertThat(reads).hasValue(0);
  }

  @Test
  void aStreamedFormIsCutOffPastTheLimit() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    Body endless = new Body() {
      @Override
      public CompletionStage<Optional<ByteBuffer>> read() {
        reads.incrementAndGet();
        return CompletableFuture.completedStage(Optional.of(ByteBuffer.wrap(
            "a=bcdefgh&".repeat(6554).getBytes(StandardCharsets.US_ASCII)))); // 64 KiB + 4
      }

      @Override
      public long length() {
        return -1; // chunked
      }
    };

    Response r = call(Request.post("/form").header("Content-Type", FORM).body(endless));

    assertThat(r.status()).isEqualTo(413);
    assertThat(reads.get()).isEqualTo(16); // the 16th piece goes past 1 MiB; no more are read
  }

  @Test
  void aFormBodyWithNonAsciiBytesIs400() throws Exception {
    Response r = call(Request.post("/form").header("Content-Type", FORM)
        .body("name=Ad\u00e9".getBytes(StandardCharsets.UTF_8)));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.bodyString()).contains("not ASCII");
  }

  @Test
  void pairsKeepTheirOrderRepeatsAndEmptyValues() throws Exception {
    App<Void> echo = App.create();
    echo.at("/form").post(req -> req.bodyForm().thenApply(Map::toString));

    Response r = echo.handle(Request.post("/form").header("Content-Type", FORM)
        .body("a=1&&b=x+y%21&a=3&c&=v&d=&")).toCompletableFuture().get(5, TimeUnit.SECONDS);

    assertThat(r.bodyString()).isEqualTo("{a=[1, 3], b=[x y!], c=[], =[v], d=[]}");
  }
}
