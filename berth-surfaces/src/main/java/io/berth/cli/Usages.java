package io.berth.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The usage line docker prints under a flag or argument error ({@code Usage: berth run [OPTIONS]
 * IMAGE [COMMAND] [ARG...]}), from {@code usages.txt}, read only when such an error happens.
 */
final class Usages {
  private Usages() {}

  /** The usage line of {@code cmd}, when berth knows docker's for it. */
  static Optional<String> of(CommandLine cmd) {
    String path = cmd.getCommandSpec().qualifiedName(" ");
    String withoutRoot = path.contains(" ") ? path.substring(path.indexOf(' ') + 1) : "";
    return Optional.ofNullable(table().get(withoutRoot)).map(args -> path + " " + args);
  }

  private static Map<String, String> table() {
    Map<String, String> table = new HashMap<>();
    try (InputStream in = Usages.class.getResourceAsStream("usages.txt")) {
      if (in == null) {
        return table;
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        int tab = line.indexOf('\t');
        if (!line.startsWith("#") && tab > 0) {
          table.put(line.substring(0, tab), line.substring(tab + 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return table;
  }
}
