package io.berth.build.engine;

import io.berth.dockerfile.ArgDeclaration;
import io.berth.dockerfile.Command;
import io.berth.dockerfile.DockerfileException;
import io.berth.dockerfile.HealthcheckSpec;
import io.berth.dockerfile.Instruction;
import io.berth.dockerfile.KeyValue;
import io.berth.dockerfile.ShellWordExpander;
import io.berth.errors.BerthException;
import io.berth.oci.ImageConfig;
import io.berth.oci.RunConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The instructions that change only the image config (ENV, LABEL, USER, EXPOSE, VOLUME, STOPSIGNAL,
 * HEALTHCHECK, ENTRYPOINT, CMD, SHELL, ARG, ONBUILD, MAINTAINER): each applies its change to the
 * stage and returns the history text BuildKit writes for it, which is also what its cache key is
 * made of.
 */
final class ConfigSteps {

  private final ShellWordExpander expander;
  private final BuildArgs buildArgs;
  private final Map<String, Optional<String>> globals;

  ConfigSteps(
      ShellWordExpander expander, BuildArgs buildArgs, Map<String, Optional<String>> globals) {
    this.expander = expander;
    this.buildArgs = buildArgs;
    this.globals = globals;
  }

  /** Whether {@code i} only changes the config. */
  static boolean handles(Instruction i) {
    return switch (i) {
      case Instruction.Run r -> false;
      case Instruction.Copy c -> false;
      case Instruction.Add a -> false;
      case Instruction.Workdir w -> false;
      case Instruction.From f -> false;
      default -> true;
    };
  }

  /** Applies {@code i} to {@code s}; returns the history text. */
  String apply(Instruction i, StageState s, StageFlags flags) {
    return switch (i) {
      case Instruction.Env e -> env(e, s);
      case Instruction.Label l -> label(l, s);
      case Instruction.Maintainer m -> maintainer(m, s);
      case Instruction.User u -> user(u, s);
      case Instruction.Expose e -> expose(e, s);
      case Instruction.Volume v -> volume(v, s);
      case Instruction.Stopsignal st -> stopSignal(st, s);
      case Instruction.Healthcheck h -> healthcheck(h, s);
      case Instruction.Entrypoint e -> entrypoint(e, s, flags);
      case Instruction.Cmd c -> cmd(c, s, flags);
      case Instruction.Shell sh -> shell(sh, s);
      case Instruction.Arg a -> arg(a, s);
      case Instruction.Onbuild o -> onbuild(o, s);
      case Instruction.Run r -> throw unexpected(r);
      case Instruction.Copy c -> throw unexpected(c);
      case Instruction.Add a -> throw unexpected(a);
      case Instruction.Workdir w -> throw unexpected(w);
      case Instruction.From f -> throw unexpected(f);
    };
  }

  /** What a stage remembers between config steps: whether CMD was set in it. */
  static final class StageFlags {
    boolean cmdSet;
  }

  private static IllegalStateException unexpected(Instruction i) {
    return new IllegalStateException(i.keyword() + " is not a config step");
  }

  String expand(String word, StageState s, Instruction where) {
    return BuildPlan.expand(expander, word, s::lookup, where);
  }

  List<String> expandWords(String word, StageState s, Instruction where) {
    try {
      return expander.expandWords(word, s::lookup, name -> {});
    } catch (DockerfileException e) {
      throw e;
    } catch (BerthException e) {
      throw new DockerfileException(where.range(), where.keyword() + ": " + e.getMessage());
    }
  }

  private String env(Instruction.Env e, StageState s) {
    List<String> env = new ArrayList<>(s.config().env());
    List<String> shown = new ArrayList<>();
    for (KeyValue kv : e.variables()) {
      String value = expand(kv.value(), s, e);
      env.removeIf(x -> x.equals(kv.key()) || x.startsWith(kv.key() + "="));
      env.add(kv.key() + "=" + value);
      shown.add(kv.key() + "=" + value);
    }
    RunConfig.Builder b = s.config().toBuilder();
    b.env = env;
    s.config(b.build());
    return "ENV " + String.join(" ", shown);
  }

  private String label(Instruction.Label l, StageState s) {
    Map<String, String> labels = new LinkedHashMap<>(s.config().labels());
    List<String> shown = new ArrayList<>();
    for (KeyValue kv : l.labels()) {
      String key = expand(kv.key(), s, l);
      String value = expand(kv.value(), s, l);
      labels.put(key, value);
      shown.add(key + "=" + value);
    }
    RunConfig.Builder b = s.config().toBuilder();
    b.labels = labels;
    s.config(b.build());
    return "LABEL " + String.join(" ", shown);
  }

  private String maintainer(Instruction.Maintainer m, StageState s) {
    String name = expand(m.name(), s, m);
    ImageConfig c = s.image;
    s.image =
        new ImageConfig(
            c.created(),
            name,
            c.architecture(),
            c.os(),
            c.variant(),
            c.osVersion(),
            c.osFeatures(),
            c.config(),
            c.rootfs(),
            c.history(),
            c.extra());
    return "MAINTAINER " + name;
  }

  private String user(Instruction.User u, StageState s) {
    String user = expand(u.user(), s, u);
    RunConfig.Builder b = s.config().toBuilder();
    b.user = user;
    s.config(b.build());
    return "USER " + user;
  }

  private String expose(Instruction.Expose e, StageState s) {
    TreeSet<String> ports = new TreeSet<>(s.config().exposedPorts());
    TreeSet<String> added = new TreeSet<>();
    for (String raw : e.ports()) {
      for (String word : expandWords(raw, s, e)) {
        String port = normalisePort(word, e);
        ports.add(port);
        added.add(port);
      }
    }
    RunConfig.Builder b = s.config().toBuilder();
    b.exposedPorts = ports;
    s.config(b.build());
    return "EXPOSE map["
        + added.stream().map(p -> p + ":{}").collect(Collectors.joining(" "))
        + "]";
  }

  private static String normalisePort(String word, Instruction where) {
    String port = word.toLowerCase(java.util.Locale.ROOT);
    if (!port.contains("/")) {
      port = port + "/tcp";
    }
    if (!port.matches("[0-9]+(-[0-9]+)?/(tcp|udp|sctp)")) {
      throw new DockerfileException(
          where.range(),
          "EXPOSE " + word + ": invalid port, expected port[/tcp|udp|sctp] or a range 80-90");
    }
    return port;
  }

  private String volume(Instruction.Volume v, StageState s) {
    TreeSet<String> volumes = new TreeSet<>(s.config().volumes());
    List<String> added = new ArrayList<>();
    for (String raw : v.paths()) {
      String path = expand(raw, s, v).strip();
      if (path.isEmpty()) {
        throw new DockerfileException(v.range(), "VOLUME specified can not be an empty string");
      }
      volumes.add(path);
      added.add(path);
    }
    RunConfig.Builder b = s.config().toBuilder();
    b.volumes = volumes;
    s.config(b.build());
    return "VOLUME [" + String.join(" ", added) + "]";
  }

  private String stopSignal(Instruction.Stopsignal st, StageState s) {
    String signal = expand(st.signal(), s, st);
    if (!signal.matches("(SIG)?[A-Z0-9+-]{2,12}|[0-9]{1,2}")) {
      throw new DockerfileException(st.range(), "STOPSIGNAL " + signal + ": invalid signal");
    }
    RunConfig.Builder b = s.config().toBuilder();
    b.stopSignal = signal;
    s.config(b.build());
    return "STOPSIGNAL " + signal;
  }

  private String healthcheck(Instruction.Healthcheck h, StageState s) {
    RunConfig.HealthConfig health;
    if (h.spec().isEmpty()) {
      health =
          new RunConfig.HealthConfig(
              List.of("NONE"), Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
    } else {
      HealthcheckSpec spec = h.spec().get();
      List<String> test = new ArrayList<>();
      if (spec.test().execForm()) {
        test.add("CMD");
        test.addAll(spec.test().arguments());
      } else {
        test.add("CMD-SHELL");
        test.add(spec.test().arguments().getFirst());
      }
      health =
          new RunConfig.HealthConfig(
              test,
              spec.interval().orElse(Duration.ZERO),
              spec.timeout().orElse(Duration.ZERO),
              spec.startPeriod().orElse(Duration.ZERO),
              spec.startInterval().orElse(Duration.ZERO),
              spec.retries().orElse(0));
    }
    RunConfig.Builder b = s.config().toBuilder();
    b.healthcheck = Optional.of(health);
    s.config(b.build());
    return "HEALTHCHECK &{"
        + goList(health.test())
        + " \""
        + goDuration(health.interval())
        + "\" \""
        + goDuration(health.timeout())
        + "\" \""
        + goDuration(health.startPeriod())
        + "\" \""
        + goDuration(health.startInterval())
        + "\" '\\x"
        + String.format("%02x", health.retries())
        + "'}";
  }

  private String entrypoint(Instruction.Entrypoint e, StageState s, StageFlags flags) {
    List<String> args = commandLine(e.command(), s);
    RunConfig.Builder b = s.config().toBuilder();
    b.entrypoint = args;
    if (!flags.cmdSet) {
      b.cmd = List.of(); // an ENTRYPOINT resets the CMD inherited from the base
    }
    s.config(b.build());
    return "ENTRYPOINT " + goList(args);
  }

  private String cmd(Instruction.Cmd c, StageState s, StageFlags flags) {
    List<String> args = commandLine(c.command(), s);
    RunConfig.Builder b = s.config().toBuilder();
    b.cmd = args;
    s.config(b.build());
    flags.cmdSet = true;
    return "CMD " + goList(args);
  }

  /** The argv of a CMD or ENTRYPOINT: exec form as written, shell form behind the shell. */
  private static List<String> commandLine(Command command, StageState s) {
    if (command.execForm()) {
      return command.arguments();
    }
    List<String> args = new ArrayList<>(s.shell());
    args.add(command.arguments().getFirst());
    return args;
  }

  private String shell(Instruction.Shell sh, StageState s) {
    RunConfig.Builder b = s.config().toBuilder();
    b.shell = sh.shell();
    s.config(b.build());
    return "SHELL [" + String.join(" ", sh.shell()) + "]";
  }

  private String arg(Instruction.Arg a, StageState s) {
    List<String> shown = new ArrayList<>();
    for (ArgDeclaration d : a.declarations()) {
      Optional<String> value = buildArgs.given(d.name());
      if (value.isEmpty() && d.defaultValue().isPresent()) {
        value = Optional.of(expand(d.defaultValue().get(), s, a));
      }
      if (value.isEmpty()) {
        value = globals.getOrDefault(d.name(), Optional.empty());
      }
      if (value.isEmpty()) {
        value = buildArgs.predefined(d.name());
      }
      s.args.put(d.name(), value);
      shown.add(value.map(v -> d.name() + "=" + v).orElse(d.name()));
    }
    return "ARG " + String.join(" ", shown);
  }

  private String onbuild(Instruction.Onbuild o, StageState s) {
    List<String> triggers = new ArrayList<>(s.config().onBuild());
    triggers.add(o.expression());
    RunConfig.Builder b = s.config().toBuilder();
    b.onBuild = triggers;
    s.config(b.build());
    return "ONBUILD " + o.expression();
  }

  /** A string list as Go's {@code %q} of a slice prints it: {@code ["a" "b"]}. */
  static String goList(List<String> values) {
    return "[" + values.stream().map(ConfigSteps::goQuote).collect(Collectors.joining(" ")) + "]";
  }

  private static String goQuote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** A duration as Go's {@code time.Duration.String} writes the common cases. */
  static String goDuration(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    long millis = d.toMillis();
    StringBuilder b = new StringBuilder();
    long hours = millis / 3_600_000;
    long minutes = (millis / 60_000) % 60;
    double seconds = (millis % 60_000) / 1000.0;
    if (hours > 0) {
      b.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      b.append(minutes).append('m');
    }
    b.append(seconds == Math.floor(seconds) ? String.valueOf((long) seconds) : seconds).append('s');
    return b.toString();
  }
}
