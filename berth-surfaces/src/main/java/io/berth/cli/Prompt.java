package io.berth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** docker's confirmation prompt: the warning, {@code [y/N]}, and a line read from stdin. */
final class Prompt {
  private Prompt() {}

  /** Asks {@code question}; true only when the answer is {@code y} or {@code yes}. */
  static boolean confirm(CliContext context, String warning) {
    PrintWriter out = context.out();
    out.print(warning + "\nAre you sure you want to continue? [y/N] ");
    out.flush();
    String answer = line(context.stdio().in()).strip().toLowerCase(Locale.ROOT);
    return answer.equals("y") || answer.equals("yes");
  }

  private static String line(InputStream in) {
    try {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0 && b != '\n') {
        line.append((char) b);
      }
      return new String(
          line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
