package io.berth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
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
    assertThatThrownBy(() -> JsonTrees.read("{\"a\":")).isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> JsonTrees.read("{\"a\" 1}"))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("line: 1");
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
