package io.berth.daemon;

import io.berth.errors.BerthException;
import io.berth.network.Subnet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth daemon}: dockerd's role, with its flags for the root, the sockets and logging. */
@Command(
    name = "berth daemon",
    mixinStandardHelpOptions = true,
    description = "Runs the berth engine, serving the Docker Engine API on a unix socket.")
public final class DaemonMain implements Callable<Integer> {

  @Option(
      names = {"--root", "--data-root"},
      paramLabel = "DIR",
      description = "Where berth keeps its state (default: $BERTH_ROOT or /var/lib/berth).")
  Path root;

  @Option(
      names = {"-H", "--host"},
      paramLabel = "unix:///PATH",
      description = "A socket to listen on; repeatable (default: unix:///run/berth/berth.sock).")
  List<String> hosts = new ArrayList<>();

  @Option(
      names = {"-l", "--log-level"},
      paramLabel = "LEVEL",
      defaultValue = "info",
      description = "debug, info, warn or error (default: ${DEFAULT-VALUE}).")
  String logLevel;

  @Option(
      names = {"-G", "--group"},
      paramLabel = "NAME",
      defaultValue = "berth",
      description = "The group that may use the socket (default: ${DEFAULT-VALUE}).")
  String group;

  @Option(
      names = "--runtime",
      paramLabel = "NAME",
      defaultValue = "runc",
      description = "The OCI runtime: runc or crun (default: ${DEFAULT-VALUE}).")
  String runtime;

  @Option(
      names = "--exec-root",
      paramLabel = "DIR",
      description = "Where runtime state goes (default: /run/berth, or <root>/exec with --root).")
  Path execRoot;

  @Option(
      names = "--bridge",
      paramLabel = "NAME",
      defaultValue = "berth0",
      description = "The default network's Linux bridge (default: ${DEFAULT-VALUE}).")
  String bridge = "berth0";

  @Option(
      names = "--bip",
      paramLabel = "CIDR",
      description = "The default network's subnet (default: 10.210.0.0/16).")
  String bip;

  @Option(
      names = "--default-address-pool",
      paramLabel = "base=CIDR,size=N",
      description =
          "Where user-defined networks take their subnets (default: base=10.211.0.0/16,size=24).")
  String addressPool;

  public static void main(String[] args) {
    Logging.keepLoggingAtShutdown();
    CommandLine line = new CommandLine(new DaemonMain());
    line.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          System.err.println("berth daemon: " + e.getMessage());
          return 1;
        });
    System.exit(line.execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Logging.configure(logLevel);
    DaemonConfig config = config();
    Daemon daemon = Daemon.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    daemon.close();
                  } catch (Exception e) {
                    System.getLogger(DaemonMain.class.getName())
                        .log(System.Logger.Level.WARNING, "shutdown failed error={0}", e);
                  }
                  stopped.countDown();
                },
                "berth-shutdown"));
    stopped.await();
    return 0;
  }

  DaemonConfig config() {
    Path effectiveRoot =
        root != null
            ? root
            : Path.of(
                System.getenv().getOrDefault("BERTH_ROOT", DaemonConfig.DEFAULT_ROOT.toString()));
    List<Path> sockets = new ArrayList<>();
    for (String host : hosts) {
      sockets.add(DaemonConfig.socketOf(host));
    }
    if (sockets.isEmpty()) {
      sockets.add(DaemonConfig.DEFAULT_SOCKET);
    }
    Path exec =
        execRoot != null
            ? execRoot
            : effectiveRoot.equals(DaemonConfig.DEFAULT_ROOT)
                ? Path.of("/run/berth")
                : effectiveRoot.resolve("exec");
    if (!effectiveRoot.isAbsolute()) {
      throw BerthException.invalid("--root %s must be an absolute path", effectiveRoot);
    }
    return new DaemonConfig(effectiveRoot, sockets, group, runtime, exec, logLevel, networking());
  }

  DaemonConfig.Networking networking() {
    DaemonConfig.Networking d = DaemonConfig.Networking.DEFAULT;
    java.util.Optional<Subnet> subnet = d.bridgeSubnet();
    if (bip != null) {
      int slash = bip.indexOf('/');
      if (slash < 0 || !bip.substring(slash + 1).matches("[0-9]{1,2}")) {
        throw BerthException.invalid(
            "invalid --bip %s: expected an address and a prefix length such as 10.210.0.1/16", bip);
      }
      subnet =
          java.util.Optional.of(
              Subnet.containing(
                  io.berth.network.Ipv4.parse(bip.substring(0, slash)),
                  Integer.parseInt(bip.substring(slash + 1))));
    }
    Subnet pool = d.pool();
    int size = d.poolSize();
    if (addressPool != null) {
      for (String part : addressPool.split(",")) {
        String[] kv = part.split("=", 2);
        if (kv.length == 2 && kv[0].equals("base")) {
          pool = Subnet.parse(kv[1]);
        } else if (kv.length == 2 && kv[0].equals("size")) {
          size = Integer.parseInt(kv[1]);
        } else {
          throw BerthException.invalid(
              "invalid --default-address-pool %s: expected base=CIDR,size=N", addressPool);
        }
      }
    }
    return new DaemonConfig.Networking(bridge, subnet, pool, size);
  }
}
