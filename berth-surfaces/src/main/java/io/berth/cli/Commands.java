package io.berth.cli;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * berth's commands by name, so that a run builds only the command it runs: picocli reads each
 * command class's annotations and fields by reflection when it is registered, which for all of them
 * costs more than the rest of a short command. Usage, {@code help} and anything this table does not
 * recognise register every command, exactly as the annotations would have. {@code CommandsTest}
 * checks the names here against each class's {@code @Command}.
 */
final class Commands {
  private Commands() {}

  /** A command: its names (the first is its own, then its aliases), its class, its commands. */
  record Entry(List<String> names, Class<?> type, List<Entry> children) {
    Entry {
      names = List.copyOf(names);
      children = List.copyOf(children);
    }

    boolean answersTo(String word) {
      return names.contains(word);
    }
  }

  /** The top-level commands, in the order {@code berth --help} lists them. */
  static final List<Entry> TOP =
      List.of(
          command(VersionCommand.class, "version"),
          command(InfoCommand.class, "info"),
          command(EventsCommand.class, "events"),
          group(
              SystemCommand.class,
              "system",
              command(InfoCommand.class, "info"),
              command(EventsCommand.class, "events"),
              command(SystemDfCommand.class, "df"),
              command(SystemPruneCommand.class, "prune"),
              command(SystemVerifyCommand.class, "verify")),
          command(BuildCommand.class, "build"),
          command(RunCommand.class, "run"),
          command(CreateCommand.class, "create"),
          command(StartCommand.class, "start"),
          command(StopCommand.class, "stop"),
          command(StopCommand.Restart.class, "restart"),
          command(KillCommand.class, "kill"),
          command(RmCommand.class, "rm"),
          command(PsCommand.class, "ps"),
          command(LogsCommand.class, "logs"),
          command(WaitCommand.class, "wait"),
          command(ExecCommand.class, "exec"),
          command(AttachCommand.class, "attach"),
          command(CpCommand.class, "cp"),
          command(TopCommand.class, "top"),
          command(StatsCommand.class, "stats"),
          command(PauseCommand.class, "pause"),
          command(PauseCommand.Unpause.class, "unpause"),
          command(RenameCommand.class, "rename"),
          command(PortCommand.class, "port"),
          command(InspectCommand.class, "inspect"),
          command(ImagesCommand.class, "images"),
          command(RmiCommand.class, "rmi"),
          command(TagCommand.class, "tag"),
          command(HistoryCommand.class, "history"),
          command(SaveCommand.class, "save"),
          command(LoadCommand.class, "load"),
          command(ImportCommand.class, "import"),
          command(PullCommand.class, "pull"),
          command(PushCommand.class, "push"),
          command(LoginCommand.class, "login"),
          command(LogoutCommand.class, "logout"),
          group(
              ImageCommand.class,
              "image",
              command(ImagesCommand.Ls.class, "ls", "list"),
              command(RmiCommand.Rm.class, "rm", "remove"),
              command(TagCommand.class, "tag"),
              command(ImageInspectCommand.class, "inspect"),
              command(HistoryCommand.class, "history"),
              command(SaveCommand.class, "save"),
              command(LoadCommand.class, "load"),
              command(ImportCommand.class, "import"),
              command(PullCommand.class, "pull"),
              command(PushCommand.class, "push"),
              command(ImagePruneCommand.class, "prune")),
          group(
              ContainerCommand.class,
              "container",
              command(AttachCommand.class, "attach"),
              command(CpCommand.class, "cp"),
              command(CreateCommand.class, "create"),
              command(ExecCommand.class, "exec"),
              command(ContainerInspectCommand.class, "inspect"),
              command(KillCommand.class, "kill"),
              command(LogsCommand.class, "logs"),
              command(PsCommand.Ls.class, "ls", "list", "ps"),
              command(PauseCommand.class, "pause"),
              command(PortCommand.class, "port"),
              command(ContainerPruneCommand.class, "prune"),
              command(RenameCommand.class, "rename"),
              command(StopCommand.Restart.class, "restart"),
              command(RmCommand.Remove.class, "rm", "remove"),
              command(RunCommand.class, "run"),
              command(StartCommand.class, "start"),
              command(StatsCommand.class, "stats"),
              command(StopCommand.class, "stop"),
              command(TopCommand.class, "top"),
              command(PauseCommand.Unpause.class, "unpause"),
              command(WaitCommand.class, "wait")),
          group(
              VolumeCommand.class,
              "volume",
              command(VolumeCreateCommand.class, "create"),
              command(VolumeLsCommand.class, "ls", "list"),
              command(VolumeInspectCommand.class, "inspect"),
              command(VolumeRmCommand.class, "rm", "remove"),
              command(VolumePruneCommand.class, "prune")),
          group(
              NetworkCommand.class,
              "network",
              command(NetworkCommand.Connect.class, "connect"),
              command(NetworkCommand.Create.class, "create"),
              command(NetworkCommand.Disconnect.class, "disconnect"),
              command(NetworkCommand.Inspect.class, "inspect"),
              command(NetworkCommand.Ls.class, "ls", "list"),
              command(NetworkCommand.Prune.class, "prune"),
              command(NetworkCommand.Rm.class, "rm", "remove")),
          command(CommandLine.HelpCommand.class, "help"));

  /**
   * Registers on {@code line} (the root command) the commands that {@code args} may reach: the one
   * they name (and in a group, the one they name in it), or all when they name none or one this
   * table does not know, so that usage and errors read as before.
   */
  static void register(CommandLine line, String[] args) {
    LeadingArgs leading = LeadingArgs.scan(args);
    if (leading.onlyVersion()) {
      return;
    }
    Optional<Entry> entry =
        leading.command().flatMap(at -> find(TOP, args[at])).filter(e -> !isHelp(e));
    if (entry.isEmpty()) {
      registerAll(line, TOP);
      return;
    }
    register(line, entry.get(), args, leading.command().get() + 1);
  }

  /** Whether {@code args} name a command of this table that talks to the daemon. */
  static boolean reachesDaemon(String[] args) {
    LeadingArgs leading = LeadingArgs.scan(args);
    return !leading.help()
        && leading.command().flatMap(at -> find(TOP, args[at])).filter(e -> !isHelp(e)).isPresent();
  }

  private static boolean isHelp(Entry entry) {
    return entry.type() == CommandLine.HelpCommand.class;
  }

  private static void register(CommandLine parent, Entry entry, String[] args, int next) {
    CommandLine child = new CommandLine(entry.type());
    parent.addSubcommand(entry.names().getFirst(), child);
    if (entry.children().isEmpty()) {
      return;
    }
    Optional<Entry> named =
        next < args.length && !args[next].startsWith("-")
            ? find(entry.children(), args[next])
            : Optional.empty();
    if (named.isPresent()) {
      register(child, named.get(), args, next + 1);
    } else {
      registerAll(child, entry.children());
    }
  }

  private static void registerAll(CommandLine parent, List<Entry> entries) {
    for (Entry entry : entries) {
      CommandLine child = new CommandLine(entry.type());
      parent.addSubcommand(entry.names().getFirst(), child);
      registerAll(child, entry.children());
    }
  }

  private static Optional<Entry> find(List<Entry> entries, String word) {
    return entries.stream().filter(e -> e.answersTo(word)).findFirst();
  }

  private static Entry command(Class<?> type, String... names) {
    return new Entry(List.of(names), type, List.of());
  }

  private static Entry group(Class<?> type, String name, Entry... children) {
    return new Entry(List.of(name), type, List.of(children));
  }
}
