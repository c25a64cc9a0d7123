package io.berth.container.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.container.LogEntry;
import io.berth.container.StdStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFileLogTest {

  @TempDir Path dir;

  @Test
  void linesAreDockersJsonAndRotateKeepingMaxFiles() throws Exception {
    Path path = dir.resolve("c-json.log");
    try (JsonFileLog log = new JsonFileLog(path, 200, 3, Clock.systemUTC())) {
      for (int i = 0; i < 20; i++) {
        StdStream s = i % 2 == 0 ? StdStream.STDOUT : StdStream.STDERR;
        log.write(s, ("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    assertThat(Files.readString(path)).startsWith("{\"log\":\"line ").contains("\"stream\":\"");
    assertThat(Files.size(path)).isLessThanOrEqualTo(200);
    assertThat(dir.resolve("c-json.log.2")).exists();
    assertThat(dir.resolve("c-json.log.3")).doesNotExist();
    List<LogEntry> entries = JsonFileLog.readAll(path, 3);
    assertThat(new String(entries.getLast().bytes(), StandardCharsets.UTF_8))
        .isEqualTo("line 19\n");
    assertThat(entries.getLast().stream()).isEqualTo(StdStream.STDERR);
    for (int i = 1; i < entries.size(); i++) {
      assertThat(entries.get(i).time()).isAfterOrEqualTo(entries.get(i - 1).time());
    }
  }

  @Test
  void aFollowerSeesWhatIsOnDiskThenEveryNewEntry() {
    JsonFileLog log = new JsonFileLog(dir.resolve("f-json.log"), -1, 1, Clock.systemUTC());
    log.write(StdStream.STDOUT, "old\n".getBytes(StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    Runnable stop =
        log.readAndFollow(
            e -> seen.add("read " + new String(e.bytes(), StandardCharsets.UTF_8).strip()),
            e -> seen.add("live " + new String(e.bytes(), StandardCharsets.UTF_8).strip()));
    log.write(StdStream.STDOUT, "new\n".getBytes(StandardCharsets.UTF_8));
    stop.run();
    log.write(StdStream.STDOUT, "unseen\n".getBytes(StandardCharsets.UTF_8));
    log.close();
    assertThat(seen).containsExactly("read old", "live new");
  }
}
