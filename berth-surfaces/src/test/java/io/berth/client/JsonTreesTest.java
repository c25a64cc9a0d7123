package io.berth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's JSON trees read and write as Jackson's {@code ObjectMapper} would. */
class JsonTreesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String SAMPLE =
      """
      {"Id":"abc","Names":["/c"],"Created":1700000000,"Big":12345678901234,
       "Huge":123456789012345678901234567890,"Ratio":0.25,"Exp":1e300,"On":true,"Off":false,
       "None":null,"Nested":{"Deep":[1,[2,{"x":"\\u00e9\\n\\"q\\""}]]},"Empty":{},"List":[]}
      """;

  @Test
  void readsTheSameTreeAsObjectMapper() throws Exception {
    JsonNode ours = JsonTrees.read(SAMPLE.getBytes(StandardCharsets.UTF_8));
    assertThat(ours).isEqualTo(MAPPER.readTree(SAMPLE));
    assertThat(ours.get("Created").isInt()).isTrue();
    assertThat(ours.get("Big").isLong()).isTrue();
    assertThat(ours.get("Huge").isBigInteger()).isTrue();
    assertThat(ours.get("Ratio").isDouble()).isTrue();
    assertThat(JsonTrees.read(SAMPLE)).isEqualTo(ours);
    assertThat(JsonTrees.read(new ByteArrayInputStream(SAMPLE.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(ours);
  }

  @Test
  void writesWhatObjectMapperReadsBackUnchanged() throws Exception {
    JsonNode tree = MAPPER.readTree(SAMPLE);
    assertThat(MAPPER.readTree(JsonTrees.bytes(tree))).isEqualTo(tree);
    assertThat(JsonTrees.text(tree)).isEqualTo(MAPPER.writeValueAsString(tree));
  }

  @Test
  void anEmptyAnswerIsTheMissingNode() throws Exception {
    assertThat(JsonTrees.read(new byte[0]).isMissingNode()).isTrue();
    assertThat(JsonTrees.read("  ").isMissingNode()).isTrue();
  }

  @Test
  void readsConcatenatedMessagesOneByOne() throws Exception {
    List<JsonNode> messages = new ArrayList<>();
    JsonTrees.readEach(
        new ByteArrayInputStream(
            "{\"status\":\"a\"}\r\n{\"status\":\"b\"} [1]\n".getBytes(StandardCharsets.UTF_8)),
        messages::add);
    assertThat(messages).hasSize(3);
    assertThat(messages.get(1).get("status").asText()).isEqualTo("b");
  }

  @Test
  void badJsonIsAParseErrorNamingWhere() {
    assertThatThrownBy(() -> JsonTrees.read("{\"a\":"))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("the input ends where a value was expected");
    assertThatThrownBy(() -> JsonTrees.read("{\"a\" 1}"))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("invalid JSON at byte 6: found '1' where ':' after a name");
    for (String bad :
        List.of(
            "[1,]",
            "{\"a\":1,}",
            "[01]",
            "[-]",
            "[1.]",
            "[1e]",
            "[tru]",
            "[\"a\nb\"]",
            "[\"\\x\"]",
            "[\"\\u12g4\"]",
            "{a:1}",
            "\"open",
            "[1 2]",
            "'a'",
            "[NaN]")) {
      assertThatThrownBy(() -> JsonTrees.read(bad))
          .as(bad)
          .isInstanceOf(JsonProcessingException.class);
      assertThatThrownBy(() -> MAPPER.readTree(bad)).as(bad).isInstanceOf(Exception.class);
    }
  }

  @Test
  void stringsNumbersAndLiteralsReadAsJacksonReadsThem() throws Exception {
    for (String text :
        List.of(
            "\"\\u00e9t\\u00e9 \\ud83d\\ude00 \\\" \\\\ \\/ \\b\\f\\n\\r\\t\"",
            "\"plain ascii and UTF-8: ÅÄÖ 漢字 😀\"",
            "[0, -0, 7, -7, 2147483647, 2147483648, -2147483648, -2147483649]",
            "[9223372036854775807, -9223372036854775808, 9223372036854775808, 123456789012345678]",
            "[1.5, -0.0, 1e3, 1E-3, 2.5e+10, 0.1, 123456789.123456789]",
            "[true, false, null, {}, [], [[]], {\"\":{}}]",
            "{\"a\":1,\"a\":2}",
            " \t\r\n {\"spaced\" : [ 1 , 2 ] } ")) {
      JsonNode ours = JsonTrees.read(text);
      JsonNode theirs = MAPPER.readTree(text);
      assertThat(ours).as(text).isEqualTo(theirs);
      assertThat(ours.toString()).as(text).isEqualTo(theirs.toString());
    }
  }

  @Test
  void nestingHasALimitSoThatNoInputExhaustsTheStack() throws Exception {
    String deep = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
    assertThat(JsonTrees.read(deep).isArray()).isTrue();
    String deeper = "[".repeat(100_000);
    assertThatThrownBy(() -> JsonTrees.read(deeper))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("nesting deeper than 1000 levels");
  }

  @Test
  void aMessageIsHandedOverBeforeTheNextArrives() {
    byte[] first = "{\"status\":\"pulling\"}\n".getBytes(StandardCharsets.UTF_8);
    InputStream stream =
        new InputStream() {
          private int at;

          @Override
          public int read() throws IOException {
            if (at < first.length) {
              return first[at++];
            }
            throw new IOException("the daemon has not sent the next message yet");
          }
        };
    List<JsonNode> seen = new ArrayList<>();
    assertThatThrownBy(() -> JsonTrees.readEach(stream, seen::add))
        .hasMessageContaining("not sent the next message yet");
    assertThat(seen).singleElement().extracting(m -> m.get("status").asText()).isEqualTo("pulling");
  }

  @Test
  void bodiesBuiltInTheCliSerialise() {
    ObjectNode body = JsonTrees.object();
    body.put("Image", "busybox").put("Tty", false).put("Memory", 1L << 33);
    body.set("Cmd", JsonTrees.array().add("sh").add("-c"));
    body.putNull("Entrypoint");
    assertThat(JsonTrees.text(body))
        .isEqualTo(
            "{\"Image\":\"busybox\",\"Tty\":false,\"Memory\":8589934592,"
                + "\"Cmd\":[\"sh\",\"-c\"],\"Entrypoint\":null}");
  }
}
