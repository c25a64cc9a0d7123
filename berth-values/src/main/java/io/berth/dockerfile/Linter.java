package io.berth.dockerfile;

import io.berth.dockerfile.Diagnostic.Severity;
import io.berth.errors.BerthException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code docker build --check} does without building: the parse, then BuildKit's lint rules
 * (under BuildKit's names) and the stage-reference errors a build would hit, honouring the {@code #
 * check=skip=...;error=true} directive. Stateless; one call per Dockerfile.
 */
public final class Linter {

  /** Build arguments every build defines, usable in FROM without a global ARG. */
  public static final Set<String> PLATFORM_ARGS =
      Set.of(
          "TARGETPLATFORM",
          "TARGETOS",
          "TARGETARCH",
          "TARGETVARIANT",
          "BUILDPLATFORM",
          "BUILDOS",
          "BUILDARCH",
          "BUILDVARIANT");

  /** Proxy build arguments predefined for every build. */
  public static final Set<String> PROXY_ARGS =
      Set.of(
          "HTTP_PROXY",
          "http_proxy",
          "HTTPS_PROXY",
          "https_proxy",
          "FTP_PROXY",
          "ftp_proxy",
          "NO_PROXY",
          "no_proxy",
          "ALL_PROXY",
          "all_proxy");

  private static final Pattern SECRET =
      Pattern.compile(
          "(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret"
              + "|token)(?:_|$)");
  private static final Pattern PUBLIC = Pattern.compile("(?i)(?:_|^)(?:public)(?:_|$)");

  private final List<Diagnostic> found = new ArrayList<>();
  private final Dockerfile dockerfile;
  private final List<Node> nodes;
  private final DockerIgnore ignore;
  private final ShellWordExpander expander;

  private Linter(Dockerfile dockerfile, List<Node> nodes, DockerIgnore ignore) {
    this.dockerfile = dockerfile;
    this.nodes = nodes;
    this.ignore = ignore;
    this.expander = new ShellWordExpander(dockerfile.directives().escape());
  }

  /**
   * Checks a Dockerfile's text; a parse error becomes the one error returned. {@code target}, when
   * present, must name a stage.
   */
  public static List<Diagnostic> check(
      String file, String text, DockerIgnore ignore, Optional<String> target) {
    Dockerfile dockerfile;
    DockerfileScanner.Scan scan;
    try {
      scan = DockerfileScanner.scan(file, text);
      dockerfile = DockerfileParser.parse(file, text);
    } catch (DockerfileException e) {
      return List.of(new Diagnostic(Severity.ERROR, e.range(), "ParseError", e.reason()));
    }
    Linter linter = new Linter(dockerfile, scan.nodes(), ignore);
    linter.run(target);
    return linter.result();
  }

  /** Whether any of {@code diagnostics} is an error. */
  public static boolean hasErrors(List<Diagnostic> diagnostics) {
    return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
  }

  private void run(Optional<String> target) {
    dockerfile.warnings().forEach(w -> warn(w.range(), w.rule(), w.message()));
    casing();
    Map<String, String> globals = globalArgs();
    Map<String, Stage> named = new HashMap<>();
    List<Map<String, Optional<String>>> stageEnvs = new ArrayList<>();
    for (Stage stage : dockerfile.stages()) {
      fromRules(stage, globals, named);
      stageEnvs.add(stageRules(stage, globals, named, stageEnvs));
      stage.name().ifPresent(n -> named.putIfAbsent(n.toLowerCase(Locale.ROOT), stage));
    }
    target
        .filter(t -> dockerfile.stage(t).isEmpty())
        .ifPresent(
            t ->
                error(
                    SourceRange.at(dockerfile.file(), 1, 1),
                    "TargetNotFound",
                    "target stage '" + t + "' could not be found"));
  }

  // ConsistentInstructionCasing and FromAsCasing look at the keywords as written.
  private void casing() {
    int upper = 0;
    int lower = 0;
    for (Node n : nodes) {
      if (n.writtenKeyword().equals(n.keyword())) {
        upper++;
      } else if (n.writtenKeyword().equals(n.keyword().toLowerCase(Locale.ROOT))) {
        lower++;
      }
    }
    boolean majorityUpper = upper >= lower;
    for (Node n : nodes) {
      String want = majorityUpper ? n.keyword() : n.keyword().toLowerCase(Locale.ROOT);
      if (!n.writtenKeyword().equals(want)) {
        warn(
            n.range(),
            "ConsistentInstructionCasing",
            "Command '"
                + n.writtenKeyword()
                + "' should match the case of the command majority ("
                + (majorityUpper ? "uppercase" : "lowercase")
                + ")");
      }
      if (n.keyword().equals("FROM")) {
        List<String> words = Words.whitespace(Words.flags(n.rest()).rest());
        if (words.size() == 3) {
          String as = words.get(1);
          boolean fromUpper = n.writtenKeyword().equals("FROM");
          boolean fromLower = n.writtenKeyword().equals("from");
          if ((fromUpper && !as.equals("AS")) || (fromLower && !as.equals("as"))) {
            warn(
                n.range(),
                "FromAsCasing",
                "'" + as + "' and '" + n.writtenKeyword() + "' keywords' casing do not match");
          }
        }
      }
    }
  }

  private Map<String, String> globalArgs() {
    Map<String, String> globals = new HashMap<>();
    for (Instruction.Arg arg : dockerfile.globalArgs()) {
      for (ArgDeclaration d : arg.declarations()) {
        secretName(arg.range(), "ARG", d.name());
        String value =
            d.defaultValue()
                .map(v -> expandQuietly(v, name -> Optional.ofNullable(globals.get(name))))
                .orElse("");
        globals.put(d.name(), value);
      }
    }
    return globals;
  }

  private void fromRules(Stage stage, Map<String, String> globals, Map<String, Stage> named) {
    Instruction.From from = stage.from();
    List<String> undeclared = new ArrayList<>();
    String image =
        expandQuietly(
            from.image(),
            name -> {
              if (globals.containsKey(name)) {
                return Optional.of(globals.get(name));
              }
              if (!PLATFORM_ARGS.contains(name)) {
                undeclared.add(name);
              }
              return Optional.empty();
            });
    from.platform()
        .ifPresent(
            p -> {
              expandQuietly(
                  p,
                  name -> {
                    if (!globals.containsKey(name) && !PLATFORM_ARGS.contains(name)) {
                      undeclared.add(name);
                    }
                    return Optional.ofNullable(globals.get(name));
                  });
              if (p.equals("$TARGETPLATFORM") || p.equals("${TARGETPLATFORM}")) {
                warn(
                    from.range(),
                    "RedundantTargetPlatform",
                    "Setting platform to predefined "
                        + p
                        + " in FROM is redundant as this is the default behavior");
              }
            });
    for (String name : undeclared) {
      String hint =
          nearest(name, List.copyOf(globals.keySet()))
              .map(h -> " (did you mean " + h + "?)")
              .orElse("");
      warn(
          from.range(),
          "UndefinedArgInFrom",
          "FROM argument '" + name + "' is not declared" + hint);
    }
    if (undeclared.isEmpty() && from.image().contains("$") && !validImage(image)) {
      warn(
          from.range(),
          "InvalidDefaultArgInFrom",
          "Default value for ARG " + from.image() + " results in empty or invalid base image name");
    }
    from.stageName()
        .ifPresent(
            n -> {
              String lower = n.toLowerCase(Locale.ROOT);
              if (!n.equals(lower)) {
                warn(from.range(), "StageNameCasing", "Stage name '" + n + "' should be lowercase");
              }
              if (lower.equals("scratch") || lower.equals("context")) {
                warn(
                    from.range(),
                    "ReservedStageName",
                    "Stage name should not use the same name as reserved stage '" + lower + "'");
              }
              if (named.containsKey(lower)) {
                error(
                    from.range(),
                    "DuplicateStageName",
                    "Duplicate stage name '" + n + "', stage names should be unique");
              }
            });
  }

  private static boolean validImage(String image) {
    return !image.isEmpty()
        && !image.startsWith(":")
        && !image.endsWith(":")
        && !image.endsWith("@")
        && !image.contains("::")
        && image.chars().noneMatch(Character::isWhitespace);
  }

  // The env a stage sees is known only if it starts from scratch or from an earlier stage.
  private Map<String, Optional<String>> stageRules(
      Stage stage,
      Map<String, String> globals,
      Map<String, Stage> named,
      List<Map<String, Optional<String>>> earlier) {
    Map<String, Optional<String>> env = new HashMap<>();
    String base = stage.baseName().toLowerCase(Locale.ROOT);
    boolean envKnown = base.equals("scratch");
    Stage parent = named.get(base);
    if (parent != null) {
      env.putAll(earlier.get(parent.index()));
      envKnown = env.containsKey("\0known");
    }
    env.remove("\0known");
    Map<String, Integer> counts = new HashMap<>();
    boolean absoluteWorkdir = false;
    boolean customShell = false;
    for (Instruction in : stage.instructions()) {
      counts.merge(in.keyword(), 1, Integer::sum);
      checkVariables(in, env, envKnown);
      switch (in) {
        case Instruction.Env e -> {
          if (e.legacyForm()) {
            legacy(e.range(), "ENV");
          }
          for (KeyValue kv : e.variables()) {
            secretName(e.range(), "ENV", kv.key());
            env.put(kv.key(), Optional.of(expandQuietly(kv.value(), lookup(env))));
          }
        }
        case Instruction.Label l -> {
          if (l.legacyForm()) {
            legacy(l.range(), "LABEL");
          }
        }
        case Instruction.Arg a -> {
          for (ArgDeclaration d : a.declarations()) {
            secretName(a.range(), "ARG", d.name());
            Optional<String> value =
                d.defaultValue()
                    .map(v -> expandQuietly(v, lookup(env)))
                    .or(() -> Optional.ofNullable(globals.get(d.name())));
            env.put(d.name(), Optional.of(value.orElse("")));
          }
        }
        case Instruction.Maintainer m ->
            warn(
                m.range(),
                "MaintainerDeprecated",
                "Maintainer instruction is deprecated in favor of using label");
        case Instruction.Workdir w -> {
          if (!w.path().startsWith("/") && !w.path().contains("$") && !absoluteWorkdir) {
            warn(
                w.range(),
                "WorkdirRelativePath",
                "Relative workdir \""
                    + w.path()
                    + "\" can have unexpected results if the base image changes");
          }
          absoluteWorkdir |= w.path().startsWith("/") || w.path().startsWith("$");
        }
        case Instruction.Shell s -> customShell = true;
        case Instruction.Cmd c -> jsonArgs(c.range(), "CMD", c.command(), customShell);
        case Instruction.Entrypoint e ->
            jsonArgs(e.range(), "ENTRYPOINT", e.command(), customShell);
        case Instruction.Copy c -> {
          c.flags().from().ifPresent(f -> stageReference(stage, "COPY --from", f, c.range()));
          if (c.flags().from().isEmpty()) {
            ignoredSources(c.range(), "Copy", c.sources());
          }
        }
        case Instruction.Add a -> ignoredSources(a.range(), "Add", a.sources());
        case Instruction.Run r -> {
          for (MountSpec m : r.flags().mounts()) {
            m.from().ifPresent(f -> stageReference(stage, "RUN --mount from", f, r.range()));
          }
        }
        default -> {}
      }
    }
    multiple(stage, counts);
    if (envKnown) {
      env.put("\0known", Optional.empty());
    }
    return env;
  }

  private void multiple(Stage stage, Map<String, Integer> counts) {
    for (String kw : List.of("CMD", "ENTRYPOINT", "HEALTHCHECK")) {
      int seen = 0;
      for (Instruction in : stage.instructions()) {
        if (in.keyword().equals(kw) && ++seen < counts.getOrDefault(kw, 0)) {
          warn(
              in.range(),
              "MultipleInstructionsDisallowed",
              "Multiple "
                  + kw
                  + " instructions should not be used in the same stage because"
                  + " only the last one will be used");
        }
      }
    }
  }

  private void jsonArgs(SourceRange range, String kw, Command command, boolean customShell) {
    if (!command.execForm() && !customShell) {
      warn(
          range,
          "JSONArgsRecommended",
          "JSON arguments recommended for "
              + kw
              + " to prevent unintended behavior related to OS signals");
    }
  }

  private void legacy(SourceRange range, String kw) {
    warn(
        range,
        "LegacyKeyValueFormat",
        "\""
            + kw
            + " key=value\" should be used instead of legacy \""
            + kw
            + " key value\" format");
  }

  private void secretName(SourceRange range, String kw, String name) {
    if (SECRET.matcher(name).find() && !PUBLIC.matcher(name).find()) {
      warn(
          range,
          "SecretsUsedInArgOrEnv",
          "Do not use ARG or ENV instructions for sensitive data (" + kw + " \"" + name + "\")");
    }
  }

  private void stageReference(Stage stage, String what, String ref, SourceRange range) {
    if (ref.isEmpty() || ref.contains("$")) {
      return;
    }
    if (ref.chars().allMatch(c -> c >= '0' && c <= '9')) {
      int index = ref.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(ref);
      if (index >= stage.index()) {
        error(
            range,
            "InvalidStageReference",
            what
                + "="
                + ref
                + " refers to stage "
                + ref
                + ", but only "
                + stage.index()
                + " stage(s) come before it");
      }
      return;
    }
    String lower = ref.toLowerCase(Locale.ROOT);
    if (stage.name().map(n -> n.toLowerCase(Locale.ROOT).equals(lower)).orElse(false)) {
      error(range, "InvalidStageReference", what + "=" + ref + " refers to its own stage");
      return;
    }
    boolean defined = dockerfile.stage(ref).isPresent();
    if (!defined && !ref.contains("/") && !ref.contains(":") && !ref.contains(".")) {
      String hint =
          nearest(ref, dockerfile.stages().stream().flatMap(s -> s.name().stream()).toList())
              .map(n -> " (did you mean '" + n + "'?)")
              .orElse("");
      warn(
          range,
          "UndefinedStage",
          what
              + "="
              + ref
              + ": no stage is named '"
              + ref
              + "', so it will be pulled as an image"
              + hint);
    }
  }

  private void ignoredSources(SourceRange range, String verb, List<String> sources) {
    for (String src : sources) {
      if (src.startsWith("<<")
          || src.contains("://")
          || src.contains("$")
          || src.startsWith("git@")) {
        continue;
      }
      String path = DockerIgnore.clean(src);
      if (!path.equals(".") && ignore.excludes(path)) {
        warn(
            range,
            "CopyIgnoredFile",
            "Attempting to " + verb + " file \"" + src + "\" that is excluded by .dockerignore");
      }
    }
  }

  // UndefinedVar, for the instructions the builder expands.
  private void checkVariables(Instruction in, Map<String, Optional<String>> env, boolean known) {
    List<String> words =
        switch (in) {
          case Instruction.Copy c -> concat(c.sources(), c.destination(), c.flags().chown());
          case Instruction.Add a -> concat(a.sources(), a.destination(), a.flags().chown());
          case Instruction.Env e -> e.variables().stream().map(KeyValue::value).toList();
          case Instruction.Label l ->
              l.labels().stream()
                  .flatMap(kv -> java.util.stream.Stream.of(kv.key(), kv.value()))
                  .toList();
          case Instruction.Expose e -> e.ports();
          case Instruction.Volume v -> v.paths();
          case Instruction.User u -> List.of(u.user());
          case Instruction.Workdir w -> List.of(w.path());
          case Instruction.Stopsignal s -> List.of(s.signal());
          default -> List.of();
        };
    Set<String> reported = new HashSet<>();
    for (String word : words) {
      if (!word.contains("$")) {
        continue;
      }
      try {
        expander.expand(
            word,
            name ->
                env.containsKey(name) ? env.get(name).or(() -> Optional.of("")) : Optional.empty(),
            name -> {
              Optional<String> hint = nearest(name, List.copyOf(env.keySet()));
              if ((known || hint.isPresent()) && !PROXY_ARGS.contains(name) && reported.add(name)) {
                warn(
                    in.range(),
                    "UndefinedVar",
                    "Usage of undefined variable '$"
                        + name
                        + "'"
                        + hint.map(h -> " (did you mean $" + h + "?)").orElse(""));
              }
            });
      } catch (BerthException e) {
        error(in.range(), "InvalidVariableExpansion", in.keyword() + ": " + e.getMessage());
      }
    }
  }

  private static List<String> concat(List<String> a, String b, Optional<String> c) {
    List<String> out = new ArrayList<>(a);
    out.add(b);
    c.ifPresent(out::add);
    return out;
  }

  private static Optional<String> nearest(String name, List<String> candidates) {
    return candidates.stream()
        .filter(c -> !c.startsWith("\0") && !c.equals(name))
        .filter(
            c ->
                InstructionParser.distance(
                        c.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))
                    <= (name.length() >= 4 ? 2 : 1))
        .min(Comparator.comparingInt(c -> InstructionParser.distance(c, name)));
  }

  private String expandQuietly(
      String word, java.util.function.Function<String, Optional<String>> env) {
    try {
      return expander.expand(word, env);
    } catch (BerthException e) {
      return "";
    }
  }

  private static java.util.function.Function<String, Optional<String>> lookup(
      Map<String, Optional<String>> env) {
    return name -> env.containsKey(name) ? env.get(name) : Optional.empty();
  }

  private void warn(SourceRange range, String rule, String message) {
    add(Severity.WARNING, range, rule, message);
  }

  private void error(SourceRange range, String rule, String message) {
    add(Severity.ERROR, range, rule, message);
  }

  private void add(Severity severity, SourceRange range, String rule, String message) {
    Directives d = dockerfile.directives();
    if (severity == Severity.WARNING && d.skips(rule)) {
      return;
    }
    Severity s = d.checkErrors() ? Severity.ERROR : severity;
    found.add(new Diagnostic(s, range, rule, message));
  }

  private List<Diagnostic> result() {
    return found.stream()
        .sorted(
            Comparator.comparingInt((Diagnostic d) -> d.range().startLine())
                .thenComparingInt(d -> d.range().startColumn()))
        .toList();
  }
}
