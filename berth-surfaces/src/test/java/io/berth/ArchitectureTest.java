package io.berth;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of DESIGN.md, checked on the compiled classes of every module: a part uses only
 * the parts listed for it below, only through their top-level package (never a subpackage such as
 * {@code content.local}, which holds an implementation), and the daemon alone may reach every
 * implementation, since it is where they are chosen.
 */
class ArchitectureTest {

  private static final Set<String> VALUES = Set.of("oci", "dockerfile", "event", "errors", "sys");
  private static final Set<String> STORAGE =
      Set.of("content", "archive", "snapshot", "mount", "metadata");

  /** Which parts each part may use, beside itself and the values layer. */
  private static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          Map.entry("content", STORAGE),
          Map.entry("archive", STORAGE),
          Map.entry("snapshot", STORAGE),
          Map.entry("mount", STORAGE),
          Map.entry("metadata", STORAGE),
          Map.entry("registry", STORAGE),
          Map.entry("image", union(STORAGE, Set.of("registry"))),
          Map.entry("runtime", STORAGE),
          Map.entry("network", union(STORAGE, Set.of("runtime"))),
          Map.entry("container", union(STORAGE, Set.of("image", "runtime", "network"))),
          Map.entry("build", union(STORAGE, Set.of("image", "container", "runtime"))),
          Map.entry(
              "api",
              union(
                  STORAGE,
                  Set.of("registry", "image", "runtime", "network", "container", "build"))),
          Map.entry("client", Set.of()),
          Map.entry("cli", Set.of("client")));

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.berth");
  }

  @Test
  void everyPartIsKnown() {
    Set<String> unknown = new TreeSet<>();
    classes.forEach(c -> part(c.getPackageName()).filter(p -> !isKnown(p)).ifPresent(unknown::add));
    assertThat(unknown).as("packages under io.berth that DESIGN.md does not name").isEmpty();
  }

  @Test
  void partsUseOnlyWhatTheLayeringAllows() {
    List<String> violations = new ArrayList<>();
    classes.forEach(
        c -> {
          for (Dependency d : c.getDirectDependenciesFromSelf()) {
            String target = d.getTargetClass().getPackageName();
            if (!target.startsWith("io.berth.")) {
              continue;
            }
            check(c.getPackageName(), target)
                .ifPresent(why -> violations.add(d.getDescription() + " — " + why));
          }
        });
    assertThat(violations).as("imports against DESIGN.md").isEmpty();
  }

  private static Optional<String> check(String from, String to) {
    Optional<String> fromPart = part(from);
    Optional<String> toPart = part(to);
    if (fromPart.isEmpty() || toPart.isEmpty() || fromPart.equals(toPart)) {
      return Optional.empty();
    }
    String source = fromPart.get();
    String target = toPart.get();
    if (source.equals("daemon")) {
      return Optional.empty();
    }
    if (!VALUES.contains(target) && !to.equals("io.berth." + target)) {
      return Optional.of(source + " reaches into the implementation package " + to);
    }
    if (VALUES.contains(target)) {
      return Optional.empty();
    }
    if (VALUES.contains(source)) {
      return Optional.of(
          "the values layer may use nothing above it, but " + source + " uses " + target);
    }
    if (!ALLOWED.getOrDefault(source, Set.of()).contains(target)) {
      return Optional.of(source + " may not use " + target);
    }
    return Optional.empty();
  }

  private static Optional<String> part(String packageName) {
    if (!packageName.startsWith("io.berth.")) {
      return Optional.empty();
    }
    String rest = packageName.substring("io.berth.".length());
    int dot = rest.indexOf('.');
    return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
  }

  private static boolean isKnown(String part) {
    return VALUES.contains(part) || ALLOWED.containsKey(part) || part.equals("daemon");
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> all = new TreeSet<>();
    for (Set<String> s : sets) {
      all.addAll(s);
    }
    return all;
  }
}
