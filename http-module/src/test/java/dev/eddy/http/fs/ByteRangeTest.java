package dev.eddy.http.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.http.fs.ByteRange.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangeTest {

  @ParameterizedTest(name = "{0} of 100 bytes -> {1} {2}-{3}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "NULL|WHOLE|0|99",
      "bytes=0-9|PART|0|9",
      "bytes=10-|PART|10|99",
      "bytes=-10|PART|90|99",
      "bytes=-1000|PART|0|99",
      "bytes=90-1000|PART|90|99",
      "BYTES = 5 - 5 |PART|5|5",
      "bytes=99-99|PART|99|99",
      "bytes=99999999999999999999999-|UNSATISFIABLE|0|99",
      "bytes=0-99999999999999999999999|PART|0|99",
      "bytes=100-|UNSATISFIABLE|0|99",
      "bytes=100-200|UNSATISFIABLE|0|99",
      "bytes=-0|UNSATISFIABLE|0|99",
      "bytes=0-1,5-6|WHOLE|0|99",
      "bytes=9-0|WHOLE|0|99",
      "bytes=a-b|WHOLE|0|99",
      "bytes=-|WHOLE|0|99",
      "bytes=+1-2|WHOLE|0|99",
      "items=0-1|WHOLE|0|99",
      "bytes 0-1|WHOLE|0|99",
      "bytes=5|WHOLE|0|99",
  })
  void parses(String header, Kind kind, long first, long last) {
    assertThat(ByteRange.parse(header, 100)).isEqualTo(new ByteRange(kind, first, last));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"bytes=0-|UNSATISFIABLE", "bytes=-5|WHOLE"})
  void emptyFile(String header, Kind kind) {
    assertThat(ByteRange.parse(header, 0).kind()).isEqualTo(kind);
  }
}
