package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.container.DetachKeys;
import io.berth.container.ExecConfig;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.runtime.ConsoleSize;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The terminal fields of Docker's request bodies: {@code ConsoleSize} and {@code DetachKeys}. */
class ContainerRequestsTest {

  private static JsonNode json(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void aConsoleSizeIsHeightThenWidthAndNullIsUnset() throws Exception {
    var create =
        ContainerRequests.create(
            json("{\"Image\":\"bb\",\"Tty\":true,\"HostConfig\":{\"ConsoleSize\":[24,80]}}"),
            Optional.empty(),
            false);
    assertThat(create.hostConfig().consoleSize()).isEqualTo(new ConsoleSize(24, 80));
    var unset =
        ContainerRequests.create(
            json("{\"Image\":\"bb\",\"HostConfig\":{\"ConsoleSize\":null}}"),
            Optional.empty(),
            false);
    assertThat(unset.hostConfig().consoleSize().isSet()).isFalse();
  }

  @Test
  void privilegedIsKeptAndOffByDefault() throws Exception {
    String body = "{\"Image\":\"bb\",\"HostConfig\":{\"Privileged\":true}}";
    assertThat(ContainerRequests.create(json(body), Optional.empty(), false).hostConfig())
        .extracting(h -> h.privileged())
        .isEqualTo(true);
    assertThat(
            ContainerRequests.create(json("{\"Image\":\"bb\"}"), Optional.empty(), false)
                .hostConfig()
                .privileged())
        .isFalse();
  }

  @Test
  void aBadConsoleSizeIsRefusedNamingTheField() {
    for (String bad : new String[] {"[24]", "\"24x80\"", "[24,-1]", "[\"a\",80]"}) {
      assertThatThrownBy(
              () ->
                  ContainerRequests.create(
                      json("{\"Image\":\"bb\",\"HostConfig\":{\"ConsoleSize\":" + bad + "}}"),
                      Optional.empty(),
                      false))
          .isInstanceOfSatisfying(
              BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
          .hasMessageContaining(bad.equals("[24,-1]") ? "width -1" : "HostConfig.ConsoleSize");
    }
  }

  @Test
  void anExecCarriesItsTerminalSizeAndDetachKeys() throws Exception {
    ExecConfig exec =
        ContainerRequests.exec(
            json(
                "{\"Cmd\":[\"sh\"],\"Tty\":true,\"ConsoleSize\":[10,20],"
                    + "\"DetachKeys\":\"ctrl-a,b\"}"));
    assertThat(exec.tty()).isTrue();
    assertThat(exec.consoleSize()).isEqualTo(new ConsoleSize(10, 20));
    assertThat(exec.detachKeys().bytes()).containsExactly(1, 'b');
    ExecConfig plain = ContainerRequests.exec(json("{\"Cmd\":[\"ls\"]}"));
    assertThat(plain.detachKeys()).isEqualTo(DetachKeys.DEFAULT);
    assertThat(plain.consoleSize()).isEqualTo(ConsoleSize.UNSET);
    assertThatThrownBy(
            () -> ContainerRequests.exec(json("{\"Cmd\":[\"ls\"],\"DetachKeys\":\"ctrl-1\"}")))
        .hasMessageStartingWith("Invalid detach keys (ctrl-1) provided");
  }
}
