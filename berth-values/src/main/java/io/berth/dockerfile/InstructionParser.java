package io.berth.dockerfile;

import io.berth.dockerfile.FlagSet.Kind;
import io.berth.errors.BerthException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The second layer of the frontend: turns one {@link Node} into its typed {@link Instruction},
 * parsing and checking its flags and arguments the way Docker's parser does.
 */
final class InstructionParser {

  /** Every instruction keyword, for "did you mean". */
  static final List<String> KEYWORDS =
      List.of(
          "FROM",
          "RUN",
          "CMD",
          "LABEL",
          "MAINTAINER",
          "EXPOSE",
          "ENV",
          "ADD",
          "COPY",
          "ENTRYPOINT",
          "VOLUME",
          "USER",
          "WORKDIR",
          "ARG",
          "ONBUILD",
          "STOPSIGNAL",
          "HEALTHCHECK",
          "SHELL");

  private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9._-]*$");
  private static final Pattern PORT =
      Pattern.compile("^\\d+(-\\d+)?(/(tcp|udp|sctp))?$", Pattern.CASE_INSENSITIVE);
  private static final Pattern CHMOD =
      Pattern.compile(
          "^([0-7]{3,4}|([ugoa]*[-+=]([rwxXst]*|[ugo]))(,[ugoa]*[-+=]([rwxXst]*|[ugo]))*)$");

  private final Node node;
  private final char escape;
  private final SourceRange range;

  private InstructionParser(Node node, char escape) {
    this.node = node;
    this.escape = escape;
    this.range = node.range();
  }

  /** Types {@code node}; {@code escape} is the escape character of its Dockerfile. */
  static Instruction parse(Node node, char escape) {
    return new InstructionParser(node, escape).parse();
  }

  private Instruction parse() {
    Words.FlagSplit split = Words.flags(node.rest());
    String args = split.rest().strip();
    List<String> flags = split.flags();
    String kw = node.keyword();
    return switch (kw) {
      case "FROM" -> from(flags(kw).allow("platform", Kind.STRING).parse(flags), args);
      case "RUN" -> run(flags, args);
      case "CMD" -> new Instruction.Cmd(range, command(noFlags(flags), args, true));
      case "ENTRYPOINT" -> new Instruction.Entrypoint(range, command(noFlags(flags), args, true));
      case "SHELL" -> shell(noFlags(flags), args);
      case "LABEL" -> label(noFlags(flags), args);
      case "MAINTAINER" -> new Instruction.Maintainer(range, single(noFlags(flags), args));
      case "EXPOSE" -> expose(noFlags(flags), args);
      case "ENV" -> env(noFlags(flags), args);
      case "ADD", "COPY" -> copy(kw, flags, args);
      case "VOLUME" -> volume(noFlags(flags), args);
      case "USER" -> new Instruction.User(range, single(noFlags(flags), args));
      case "WORKDIR" -> new Instruction.Workdir(range, single(noFlags(flags), args));
      case "ARG" -> arg(noFlags(flags), args);
      case "ONBUILD" -> onbuild(noFlags(flags), args);
      case "STOPSIGNAL" -> new Instruction.Stopsignal(range, single(noFlags(flags), args));
      case "HEALTHCHECK" -> healthcheck(flags, args);
      default -> throw unknownInstruction();
    };
  }

  private FlagSet flags(String keyword) {
    return new FlagSet(keyword, range);
  }

  private FlagSet noFlags(List<String> flags) {
    return flags(node.keyword()).parse(flags);
  }

  private Instruction from(FlagSet flags, String args) {
    List<String> words = Words.whitespace(args);
    if (words.size() != 1 && !(words.size() == 3 && words.get(1).equalsIgnoreCase("as"))) {
      throw error(
          "FROM requires either one or three arguments: FROM [--platform=P] IMAGE [AS NAME], got "
              + words.size());
    }
    Optional<String> name = words.size() == 3 ? Optional.of(words.get(2)) : Optional.empty();
    name.ifPresent(
        n -> {
          if (!STAGE_NAME.matcher(n.toLowerCase(Locale.ROOT)).matches()) {
            throw error(
                "invalid stage name \""
                    + n
                    + "\": it must start with a letter and hold only letters, digits, '.', '_'"
                    + " and '-'");
          }
        });
    return new Instruction.From(range, words.getFirst(), flags.string("platform"), name);
  }

  private Instruction run(List<String> words, String args) {
    FlagSet f =
        flags("RUN")
            .allow("mount", Kind.REPEATED)
            .allow("network", Kind.STRING)
            .allow("security", Kind.STRING)
            .parse(words);
    List<MountSpec> mounts = new ArrayList<>();
    for (String m : f.repeated("mount")) {
      try {
        mounts.add(MountSpec.parse(m));
      } catch (DockerfileException e) {
        throw e;
      } catch (BerthException e) {
        throw error("RUN " + e.getMessage());
      }
    }
    Optional<RunFlags.Network> network =
        f.string("network").map(v -> enumValue(RunFlags.Network.class, "RUN --network", v));
    Optional<RunFlags.Security> security =
        f.string("security").map(v -> enumValue(RunFlags.Security.class, "RUN --security", v));
    return new Instruction.Run(
        range, command(f, args, false), new RunFlags(mounts, network, security));
  }

  private <E extends Enum<E>> E enumValue(Class<E> type, String what, String value) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value)) {
        return e;
      }
    }
    List<String> names =
        List.of(type.getEnumConstants()).stream()
            .map(e -> e.name().toLowerCase(Locale.ROOT))
            .toList();
    throw error(what + "=" + value + ": expected one of " + String.join(", ", names));
  }

  private Command command(FlagSet flags, String args, boolean emptyAllowed) {
    if (args.isEmpty()) {
      if (!emptyAllowed) {
        throw error(node.keyword() + " requires at least one argument");
      }
      return Command.exec(List.of());
    }
    return switch (JsonArray.parse(args)) {
      case JsonArray.Strings s -> Command.exec(s.values());
      case JsonArray.NotStrings n -> throw notStrings();
      case JsonArray.NotJson n -> Command.shell(args, node.heredocs());
    };
  }

  private Instruction shell(FlagSet flags, String args) {
    if (!(JsonArray.parse(args) instanceof JsonArray.Strings s)) {
      throw error("SHELL requires the arguments to be in JSON form: SHELL [\"executable\", ...]");
    }
    if (s.values().isEmpty()) {
      throw error("SHELL requires at least one argument");
    }
    return new Instruction.Shell(range, s.values());
  }

  private Instruction label(FlagSet flags, String args) {
    List<KeyValue> pairs = keyValues("LABEL", args);
    return new Instruction.Label(range, pairs, isLegacy(args));
  }

  private Instruction env(FlagSet flags, String args) {
    List<KeyValue> pairs = keyValues("ENV", args);
    return new Instruction.Env(range, pairs, isLegacy(args));
  }

  private boolean isLegacy(String args) {
    List<String> words = Words.quoted(args, escape);
    return !words.isEmpty() && !words.getFirst().contains("=");
  }

  // Docker's parseNameVal: the first word decides between "key value" and "key=value...".
  private List<KeyValue> keyValues(String keyword, String args) {
    List<String> words = Words.quoted(args, escape);
    if (words.isEmpty()) {
      throw error(keyword + " requires at least one argument");
    }
    if (!words.getFirst().contains("=")) {
      String[] parts = args.split("\\s+", 2);
      if (parts.length < 2) {
        throw error(keyword + " must have two arguments: " + keyword + " KEY=VALUE");
      }
      return List.of(new KeyValue(parts[0], parts[1]));
    }
    List<KeyValue> pairs = new ArrayList<>();
    for (String word : words) {
      int eq = word.indexOf('=');
      if (eq < 0) {
        throw error(keyword + ": can't find = in \"" + word + "\": expected the form name=value");
      }
      if (eq == 0) {
        throw error(keyword + " names can not be blank: \"" + word + "\"");
      }
      pairs.add(new KeyValue(word.substring(0, eq), word.substring(eq + 1)));
    }
    return pairs;
  }

  private String single(FlagSet flags, String args) {
    if (args.isEmpty()) {
      throw error(node.keyword() + " requires exactly one argument");
    }
    return args;
  }

  private Instruction expose(FlagSet flags, String args) {
    List<String> ports = Words.whitespace(args);
    if (ports.isEmpty()) {
      throw error("EXPOSE requires at least one argument");
    }
    for (String p : ports) {
      if (!p.contains("$") && !p.contains(":") && !PORT.matcher(p).matches()) {
        throw error("EXPOSE: invalid port \"" + p + "\": expected PORT[-PORT][/tcp|udp|sctp]");
      }
    }
    return new Instruction.Expose(range, ports);
  }

  private Instruction copy(String kw, List<String> words, String args) {
    FlagSet f =
        flags(kw)
            .allow("chown", Kind.STRING)
            .allow("chmod", Kind.STRING)
            .allow("link", Kind.BOOL)
            .allow("exclude", Kind.REPEATED);
    if (kw.equals("COPY")) {
      f.allow("from", Kind.STRING).allow("parents", Kind.BOOL);
    } else {
      f.allow("checksum", Kind.STRING).allow("keep-git-dir", Kind.BOOL);
    }
    f.parse(words);
    f.string("from")
        .filter(String::isBlank)
        .ifPresent(
            v -> {
              throw error("COPY --from needs a stage name, a stage index or an image");
            });
    f.string("chmod")
        .filter(m -> !m.contains("$") && !CHMOD.matcher(m).matches())
        .ifPresent(
            m -> {
              throw error(
                  kw
                      + " --chmod="
                      + m
                      + ": expected octal permissions such as 0755 or a symbolic mode such as"
                      + " u+x");
            });
    f.string("checksum")
        .filter(c -> !c.contains("$") && !c.matches("^sha(256|384|512):[0-9a-f]+$"))
        .ifPresent(
            c -> {
              throw error("ADD --checksum=" + c + ": expected a digest such as sha256:<hex>");
            });
    CopyFlags flags =
        new CopyFlags(
            f.string("from"),
            f.string("chown"),
            f.string("chmod"),
            f.bool("link"),
            f.bool("parents"),
            f.repeated("exclude"),
            f.string("checksum"),
            f.bool("keep-git-dir"));
    boolean json = false;
    List<String> paths;
    switch (JsonArray.parse(args)) {
      case JsonArray.Strings s -> {
        paths = s.values();
        json = true;
      }
      case JsonArray.NotStrings n -> throw notStrings();
      case JsonArray.NotJson n -> paths = Words.whitespace(args);
    }
    if (paths.size() < 2) {
      throw error(
          kw
              + " needs a source and a destination: "
              + kw
              + " [flags] SRC... DEST, got "
              + (paths.isEmpty() ? "nothing" : "only \"" + paths.getFirst() + "\""));
    }
    List<String> sources = paths.subList(0, paths.size() - 1);
    String dest = paths.getLast();
    return kw.equals("COPY")
        ? new Instruction.Copy(range, sources, dest, flags, node.heredocs(), json)
        : new Instruction.Add(range, sources, dest, flags, node.heredocs(), json);
  }

  private Instruction volume(FlagSet flags, String args) {
    List<String> paths =
        switch (JsonArray.parse(args)) {
          case JsonArray.Strings s -> s.values();
          case JsonArray.NotStrings n -> throw notStrings();
          case JsonArray.NotJson n -> Words.whitespace(args);
        };
    if (paths.isEmpty()) {
      throw error("VOLUME requires at least one argument");
    }
    if (paths.stream().anyMatch(p -> p.strip().isEmpty())) {
      throw error("VOLUME specified can not be an empty string");
    }
    return new Instruction.Volume(range, paths);
  }

  private Instruction arg(FlagSet flags, String args) {
    List<String> words = Words.quoted(args, escape);
    if (words.isEmpty()) {
      throw error("ARG requires at least one argument: ARG NAME[=DEFAULT]");
    }
    List<ArgDeclaration> decls = new ArrayList<>();
    for (String w : words) {
      int eq = w.indexOf('=');
      String name = eq < 0 ? w : w.substring(0, eq);
      if (name.isEmpty()) {
        throw error("ARG names can not be blank: \"" + w + "\"");
      }
      decls.add(
          new ArgDeclaration(name, eq < 0 ? Optional.empty() : Optional.of(w.substring(eq + 1))));
    }
    return new Instruction.Arg(range, decls);
  }

  private Instruction onbuild(FlagSet flags, String args) {
    if (args.isEmpty()) {
      throw error("ONBUILD requires at least one argument: ONBUILD INSTRUCTION");
    }
    String[] parts = args.split("\\s+", 2);
    String keyword = parts[0].toUpperCase(Locale.ROOT);
    switch (keyword) {
      case "ONBUILD" -> throw error("ONBUILD ONBUILD isn't allowed");
      case "FROM", "MAINTAINER" -> throw error(keyword + " isn't allowed as an ONBUILD trigger");
      default -> {}
    }
    Node trigger = new Node(keyword, parts[0], parts.length == 2 ? parts[1] : "", List.of(), range);
    return new Instruction.Onbuild(range, parse(trigger, escape), args);
  }

  private Instruction healthcheck(List<String> words, String args) {
    FlagSet f =
        flags("HEALTHCHECK")
            .allow("interval", Kind.STRING)
            .allow("timeout", Kind.STRING)
            .allow("start-period", Kind.STRING)
            .allow("start-interval", Kind.STRING)
            .allow("retries", Kind.STRING)
            .parse(words);
    String[] parts = args.split("\\s+", 2);
    String type = parts[0].toUpperCase(Locale.ROOT);
    if (type.equals("NONE")) {
      if (parts.length > 1 || !f.isEmpty()) {
        throw error("HEALTHCHECK NONE takes no arguments and no flags");
      }
      return new Instruction.Healthcheck(range, Optional.empty());
    }
    if (!type.equals("CMD")) {
      throw error("HEALTHCHECK: unknown type \"" + parts[0] + "\": expected CMD or NONE");
    }
    if (parts.length < 2 || parts[1].isBlank()) {
      throw error("HEALTHCHECK CMD requires a command");
    }
    try {
      return new Instruction.Healthcheck(
          range,
          Optional.of(
              new HealthcheckSpec(
                  command(f, parts[1].strip(), false),
                  duration(f, "interval"),
                  duration(f, "timeout"),
                  duration(f, "start-period"),
                  duration(f, "start-interval"),
                  retries(f))));
    } catch (DockerfileException e) {
      throw e;
    } catch (BerthException e) {
      throw error("HEALTHCHECK " + e.getMessage());
    }
  }

  private Optional<Duration> duration(FlagSet f, String name) {
    Optional<Duration> d = f.string(name).map(v -> HealthcheckSpec.parseDuration(name, v));
    d.filter(v -> !v.isZero() && v.compareTo(Duration.ofMillis(1)) < 0)
        .ifPresent(
            v -> {
              throw error("HEALTHCHECK --" + name + " cannot be less than 1ms");
            });
    return d;
  }

  private Optional<Integer> retries(FlagSet f) {
    return f.string("retries")
        .map(
            v -> {
              try {
                return Integer.parseInt(v);
              } catch (NumberFormatException e) {
                throw error("HEALTHCHECK --retries=" + v + ": expected a whole number");
              }
            });
  }

  private DockerfileException notStrings() {
    return error(
        node.keyword()
            + ": when using JSON array syntax, arrays must be comprised of strings"
            + " only");
  }

  private DockerfileException unknownInstruction() {
    String written = node.writtenKeyword();
    String shown = written.length() > 40 ? written.substring(0, 40) + "..." : written;
    String nearest =
        KEYWORDS.stream()
            .min(Comparator.comparingInt(k -> distance(k, node.keyword())))
            .orElseThrow();
    String hint =
        distance(nearest, node.keyword()) <= Math.max(2, nearest.length() / 3)
            ? " (did you mean " + nearest + "?)"
            : " (expected one of " + String.join(", ", KEYWORDS) + ")";
    return error("unknown instruction: " + shown + hint);
  }

  static int distance(String a, String b) {
    if (b.length() > 64) {
      return Integer.MAX_VALUE / 2;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private DockerfileException error(String reason) {
    return new DockerfileException(range, reason);
  }
}
