package io.berth.dockerfile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@code .dockerignore} file with Docker's rules: Go's {@code filepath.Match} globs ({@code *},
 * {@code ?}, {@code [...]}) plus {@code **} for any number of directories, {@code !} exceptions,
 * the last matching line winning, a path excluded when it or one of its parents matches, patterns
 * cleaned like Go's {@code filepath.Clean} with a leading {@code /} dropped.
 */
public final class DockerIgnore {

  /** One cleaned line: its pattern, whether it is an exception, its regex and components. */
  public record Rule(String pattern, boolean exception, int line) {}

  private record Compiled(Rule rule, Pattern regex, List<String> components) {}

  /** An ignore file that excludes nothing. */
  public static final DockerIgnore EMPTY = new DockerIgnore(List.of());

  private final List<Compiled> rules;

  private DockerIgnore(List<Compiled> rules) {
    this.rules = rules;
  }

  /** Reads an ignore file from {@code in}; {@code file} names it in errors. */
  public static DockerIgnore read(String file, InputStream in) {
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
    return parse(file, lines);
  }

  /** Parses the lines of an ignore file. */
  public static DockerIgnore parse(String file, List<String> lines) {
    List<Compiled> rules = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.startsWith("#")) {
        continue;
      }
      String p = line.strip();
      if (p.isEmpty()) {
        continue;
      }
      boolean exception = p.charAt(0) == '!';
      if (exception) {
        p = p.substring(1).strip();
        if (p.isEmpty()) {
          throw new DockerfileException(
              SourceRange.at(file, i + 1, 1), "illegal exclusion pattern: \"!\"");
        }
      }
      p = clean(p);
      if (p.length() > 1 && p.charAt(0) == '/') {
        p = p.substring(1);
      }
      Rule rule = new Rule(p, exception, i + 1);
      rules.add(new Compiled(rule, compile(file, rule), List.of(p.split("/", -1))));
    }
    return new DockerIgnore(List.copyOf(rules));
  }

  /** The rules in file order. */
  public List<Rule> rules() {
    return rules.stream().map(Compiled::rule).toList();
  }

  /** Whether {@code path} (relative to the context, {@code /} separated) is left out. */
  public boolean excludes(String path) {
    String file = clean(Objects.requireNonNull(path, "path"));
    while (file.startsWith("/")) {
      file = file.substring(1);
    }
    List<String> parents = new ArrayList<>();
    int slash = file.indexOf('/');
    while (slash > 0) {
      parents.add(file.substring(0, slash));
      slash = file.indexOf('/', slash + 1);
    }
    boolean matched = false;
    for (Compiled c : rules) {
      if (c.rule().exception() != matched) {
        continue;
      }
      boolean match = c.regex().matcher(file).matches();
      for (int i = 0; !match && i < parents.size(); i++) {
        match = c.regex().matcher(parents.get(i)).matches();
      }
      if (match) {
        matched = !c.rule().exception();
      }
    }
    return matched;
  }

  /**
   * Whether an excluded directory may still hold paths that an exception brings back, so a context
   * walker must descend into it rather than prune it. Errs towards {@code true}.
   */
  public boolean mayIncludeBelow(String directory) {
    String dir = clean(directory);
    while (dir.startsWith("/")) {
      dir = dir.substring(1);
    }
    String[] parts = dir.split("/");
    for (Compiled c : rules) {
      if (c.rule().exception() && prefixCompatible(c.components(), parts)) {
        return true;
      }
    }
    return false;
  }

  private static boolean prefixCompatible(List<String> pattern, String[] dir) {
    for (int i = 0; i < Math.min(pattern.size(), dir.length); i++) {
      String component = pattern.get(i);
      if (component.contains("**")) {
        return true;
      }
      Rule rule = new Rule(component, false, 0);
      if (!compile("component", rule).matcher(dir[i]).matches()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Which ignore file applies to a build: {@code NAME.dockerignore} next to the Dockerfile when it
   * exists, otherwise {@code .dockerignore} at the root of the context.
   */
  public static Optional<Path> locate(Path context, Path dockerfile, Predicate<Path> exists) {
    Path specific = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
    if (exists.test(specific)) {
      return Optional.of(specific);
    }
    Path root = context.resolve(".dockerignore");
    return exists.test(root) ? Optional.of(root) : Optional.empty();
  }

  /** Go's {@code path.Clean}: one slash between names, no {@code .}, {@code ..} resolved. */
  static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.charAt(0) == '/';
    Deque<String> out = new ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!out.isEmpty() && !out.peekLast().equals("..")) {
          out.removeLast();
        } else if (!rooted) {
          out.addLast("..");
        }
        continue;
      }
      out.addLast(part);
    }
    String joined = String.join("/", out);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }

  // The pattern as a regex, the way moby's patternmatcher builds it.
  private static Pattern compile(String file, Rule rule) {
    String p = rule.pattern();
    StringBuilder re = new StringBuilder("^");
    int n = p.length();
    for (int i = 0; i < n; i++) {
      char c = p.charAt(i);
      if (c == '*') {
        if (i + 1 < n && p.charAt(i + 1) == '*') {
          i++;
          if (i + 1 < n && p.charAt(i + 1) == '/') {
            i++;
          }
          re.append(i + 1 >= n ? ".*" : "(.*/)?");
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else if (c == '\\') {
        if (i + 1 < n) {
          re.append(Pattern.quote(String.valueOf(p.charAt(++i))));
        } else {
          re.append("\\\\");
        }
      } else if (c == '[') {
        i = charClass(file, rule, p, i, re);
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    try {
      return Pattern.compile(re.append('$').toString(), Pattern.DOTALL);
    } catch (PatternSyntaxException e) {
      throw new DockerfileException(
          SourceRange.at(file, Math.max(1, rule.line()), 1),
          "bad pattern \"" + rule.pattern() + "\": " + e.getDescription());
    }
  }

  // Copies "[...]" as a regex class, checked the way filepath.Match checks it.
  private static int charClass(String file, Rule rule, String p, int start, StringBuilder re) {
    int i = start + 1;
    StringBuilder cls = new StringBuilder("[");
    if (i < p.length() && p.charAt(i) == '^') {
      cls.append('^');
      i++;
    }
    int members = 0;
    while (i < p.length() && (p.charAt(i) != ']' || members == 0)) {
      char c = p.charAt(i);
      if (c == '\\' && i + 1 < p.length()) {
        c = p.charAt(++i);
      }
      if (c == '-' && members > 0 && i + 1 < p.length() && p.charAt(i + 1) != ']') {
        char lo = p.charAt(i - 1);
        char hi = p.charAt(i + 1) == '\\' && i + 2 < p.length() ? p.charAt(i + 2) : p.charAt(i + 1);
        if (hi < lo) {
          throw new DockerfileException(
              SourceRange.at(file, Math.max(1, rule.line()), 1),
              "bad pattern \""
                  + rule.pattern()
                  + "\": character range "
                  + lo
                  + "-"
                  + hi
                  + " is reversed");
        }
        cls.append('-');
      } else {
        cls.append(Pattern.quote(String.valueOf(c)).replace("\\Q", "").replace("\\E", ""));
        if ("[]\\^&-".indexOf(c) >= 0) {
          cls.insert(cls.length() - 1, '\\');
        }
      }
      members++;
      i++;
    }
    if (i >= p.length() || members == 0) {
      throw new DockerfileException(
          SourceRange.at(file, Math.max(1, rule.line()), 1),
          "bad pattern \"" + rule.pattern() + "\": unterminated [ character class");
    }
    re.append(cls).append(']');
    return i;
  }
}
