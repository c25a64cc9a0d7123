package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The table of commands agrees with the commands' annotations, and a run builds what it needs. */
class CommandsTest {

  @Test
  void everyEntryCarriesItsClassNameAndAliases() {
    for (Commands.Entry entry : all(Commands.TOP)) {
      Command command = entry.type().getAnnotation(Command.class);
      List<String> names = new ArrayList<>(List.of(command.name()));
      names.addAll(List.of(command.aliases()));
      assertThat(entry.names()).as(entry.type().getName()).isEqualTo(names);
      assertThat(command.subcommands())
          .as("%s lists its commands in Commands, not in @Command", entry.type().getName())
          .isEmpty();
    }
  }

  @Test
  void everyCommandClassIsInTheTable() {
    Set<String> inTable =
        all(Commands.TOP).stream().map(e -> e.type().getName()).collect(Collectors.toSet());
    Set<String> annotated = new HashSet<>();
    for (JavaClass c :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.berth.cli")) {
      if (c.isAnnotatedWith(Command.class) && !c.isEquivalentTo(Main.class)) {
        annotated.add(c.getName());
      }
    }
    assertThat(inTable).containsAll(annotated);
  }

  @Test
  void aRunBuildsOnlyTheCommandItNames() {
    assertThat(names(registered("ps", "-a"))).containsExactly("ps");
    assertThat(names(registered("-H", "unix:///x.sock", "-D", "run", "busybox", "ps")))
        .containsExactly("run");
    assertThat(names(registered("--log-level=debug", "rm", "-f", "c"))).containsExactly("rm");
    CommandLine container = registered("container", "ls", "-a");
    assertThat(names(container)).containsExactly("container");
    assertThat(container.getSubcommands().get("container").getSubcommands().keySet())
        .containsExactlyInAnyOrder("ls", "list", "ps");
  }

  @Test
  void theVersionFlagBuildsNoCommand() {
    assertThat(registered("--version").getSubcommands()).isEmpty();
    assertThat(registered("-D", "-V").getSubcommands()).isEmpty();
  }

  @Test
  void usageHelpAndUnknownWordsBuildEveryCommand() {
    int everyName =
        Commands.TOP.stream().mapToInt(e -> e.names().size()).sum(); // names and aliases
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"--help"},
            new String[] {"help", "run"},
            new String[] {"frobnicate"},
            new String[] {"--bogus", "ps"})) {
      assertThat(registered(args).getSubcommands()).as(String.join(" ", args)).hasSize(everyName);
    }
    CommandLine group = registered("image", "--help").getSubcommands().get("image");
    assertThat(group.getSubcommands()).containsKeys("ls", "rm", "prune", "inspect");
  }

  @Test
  void theUsageListsEveryCommandAsBefore() {
    CliRun run = CliRun.of(java.util.Map.of());
    assertThat(run.out()).contains("Commands:").contains("  run ").contains("  volume ");
    CliRun group = CliRun.of(java.util.Map.of(), "container");
    assertThat(group.out()).contains("  ls, list, ps ").contains("  prune ");
  }

  /**
   * Every command path berth answers to, as the commands' annotations listed them before the table
   * replaced those lists (and as docker names them): a command left out of the table, or put in the
   * wrong group, fails here.
   */
  private static final String PATHS =
      """
      version
      info
      events
      system
      system info
      system events
      system df
      system prune
      system verify
      build
      run
      create
      start
      stop
      restart
      kill
      rm
      ps
      logs
      wait
      exec
      attach
      cp
      top
      stats
      pause
      unpause
      rename
      port
      inspect
      images
      rmi
      tag
      history
      save
      load
      import
      pull
      push
      login
      logout
      image
      image ls
      image rm
      image tag
      image inspect
      image history
      image save
      image load
      image import
      image pull
      image push
      image prune
      container
      container attach
      container cp
      container create
      container exec
      container inspect
      container kill
      container logs
      container ls
      container pause
      container port
      container prune
      container rename
      container restart
      container rm
      container run
      container start
      container stats
      container stop
      container top
      container unpause
      container wait
      volume
      volume create
      volume ls
      volume inspect
      volume rm
      volume prune
      network
      network connect
      network create
      network disconnect
      network inspect
      network ls
      network prune
      network rm
      help
      """;

  @Test
  void theTableHoldsEveryCommandPath() {
    List<String> inTable = new ArrayList<>();
    paths("", Commands.TOP, inTable);
    assertThat(inTable).containsExactlyElementsOf(PATHS.lines().toList());
  }

  @Test
  void everyCommandPathAnswersItsHelpThroughTheTable() {
    for (String path : PATHS.lines().filter(p -> !p.equals("help")).toList()) {
      List<String> args = new ArrayList<>(List.of(path.split(" ")));
      args.add("--help");
      CliRun run = CliRun.of(java.util.Map.of(), args.toArray(String[]::new));
      assertThat(run.code()).as("%s --help: %s", path, run.err()).isZero();
      assertThat(run.out()).as(path).startsWith("Usage: berth " + path + " ");
    }
  }

  private static void paths(String prefix, List<Commands.Entry> entries, List<String> into) {
    for (Commands.Entry e : entries) {
      String path = prefix + e.names().getFirst();
      into.add(path);
      paths(path + " ", e.children(), into);
    }
  }

  private static CommandLine registered(String... args) {
    CommandLine line = new CommandLine(new Main());
    Commands.register(line, args);
    return line;
  }

  private static List<String> names(CommandLine line) {
    return List.copyOf(line.getSubcommands().keySet());
  }

  private static List<Commands.Entry> all(List<Commands.Entry> entries) {
    List<Commands.Entry> all = new ArrayList<>();
    for (Commands.Entry e : entries) {
      all.add(e);
      all.addAll(all(e.children()));
    }
    return all;
  }
}
