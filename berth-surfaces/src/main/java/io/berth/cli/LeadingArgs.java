package io.berth.cli;

import java.util.List;
import java.util.Optional;

/**
 * The global options before the command word, read ahead of picocli so that a run can build only
 * the command it names and reach the daemon while the rest is parsed. {@code understood} is false
 * when an option is one this scan does not know; then nothing here is to be relied on and picocli
 * alone decides.
 *
 * @param command the index of the command word, if there is one
 * @param host the {@code -H} value, if given
 * @param version whether {@code -V} / {@code --version} came before the command
 * @param help whether {@code --help} appears anywhere
 */
record LeadingArgs(
    Optional<Integer> command,
    Optional<String> host,
    boolean version,
    boolean help,
    boolean understood) {

  static LeadingArgs scan(String[] args) {
    Optional<String> host = Optional.empty();
    boolean version = false;
    boolean help = List.of(args).contains("--help");
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-") || arg.equals("-")) {
        return new LeadingArgs(Optional.of(i), host, version, help, true);
      }
      switch (arg) {
        case "-H", "--host" -> {
          if (i + 1 < args.length) {
            host = Optional.of(args[i + 1]);
          }
          i++;
        }
        case "-l", "--log-level" -> i++;
        case "-D", "--debug" -> {}
        case "-V", "--version" -> version = true;
        default -> {
          if (arg.startsWith("--host=")) {
            host = Optional.of(arg.substring("--host=".length()));
          } else if (arg.startsWith("-H")) {
            host = Optional.of(arg.substring(2));
          } else if (!arg.startsWith("--log-level=")
              && !(arg.startsWith("-l") && arg.length() > 2)) {
            return new LeadingArgs(Optional.empty(), host, version, help, false);
          }
        }
      }
    }
    return new LeadingArgs(Optional.empty(), host, version, help, true);
  }

  /** Whether the arguments ask only for berth's version, which needs no command at all. */
  boolean onlyVersion() {
    return understood && command.isEmpty() && version && !help;
  }
}
