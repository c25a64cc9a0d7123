package io.berth.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.errors.BerthException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The flags {@code berth create} and {@code berth run} share, and their translation into the body
 * of {@code POST /containers/create} (the container's config with its HostConfig), as docker's CLI
 * translates them.
 */
final class ContainerCreateOptions {
  private static final Pattern GO_DURATION =
      Pattern.compile("^(?:[0-9]+(?:\\.[0-9]+)?(?:ns|us|µs|ms|s|m|h))+$|^0$");

  @Option(names = "--name", paramLabel = "STRING", description = "Assign a name to the container.")
  String name;

  @Option(
      names = "--replace",
      description = "Remove a container of the same name first, if there is one (berth, podman).")
  boolean replace;

  @Option(
      names = "--rm",
      description = "Automatically remove the container and its volumes when it exits.")
  boolean autoRemove;

  @Option(
      names = {"-e", "--env"},
      paramLabel = "LIST",
      description = "Set environment variables.")
  List<String> env = new ArrayList<>();

  @Option(names = "--env-file", paramLabel = "FILE", description = "Read in a file of env vars.")
  List<Path> envFiles = new ArrayList<>();

  @Option(
      names = {"-w", "--workdir"},
      paramLabel = "STRING",
      description = "Working directory inside the container.")
  String workdir;

  @Option(
      names = {"-u", "--user"},
      paramLabel = "STRING",
      description = "Username or UID (format: <name|uid>[:<group|gid>]).")
  String user;

  @Option(
      names = "--entrypoint",
      paramLabel = "STRING",
      description = "Overwrite the default ENTRYPOINT of the image.")
  String entrypoint;

  @Option(
      names = {"-l", "--label"},
      paramLabel = "LIST",
      description = "Set meta data on a container.")
  List<String> labels = new ArrayList<>();

  @Option(
      names = "--label-file",
      paramLabel = "FILE",
      description = "Read in a line delimited file of labels.")
  List<Path> labelFiles = new ArrayList<>();

  @Option(
      names = {"-v", "--volume"},
      paramLabel = "LIST",
      description = "Bind mount a volume.")
  List<String> volumes = new ArrayList<>();

  @Option(names = "--mount", paramLabel = "MOUNT", description = "Attach a filesystem mount.")
  List<String> mounts = new ArrayList<>();

  @Option(names = "--tmpfs", paramLabel = "LIST", description = "Mount a tmpfs directory.")
  List<String> tmpfs = new ArrayList<>();

  @Option(
      names = "--read-only",
      description = "Mount the container's root filesystem as read only.")
  boolean readOnly;

  @Option(
      names = "--restart",
      paramLabel = "STRING",
      defaultValue = "no",
      description = "Restart policy to apply when a container exits (default \"no\").")
  String restart = "no";

  @Option(
      names = {"-m", "--memory"},
      paramLabel = "BYTES",
      description = "Memory limit.")
  String memory;

  @Option(names = "--cpus", paramLabel = "DECIMAL", description = "Number of CPUs.")
  String cpus;

  @Option(
      names = "--pids-limit",
      paramLabel = "INT",
      description = "Tune container pids limit (set -1 for unlimited).")
  Long pidsLimit;

  @Option(names = "--cap-add", paramLabel = "LIST", description = "Add Linux capabilities.")
  List<String> capAdd = new ArrayList<>();

  @Option(names = "--cap-drop", paramLabel = "LIST", description = "Drop Linux capabilities.")
  List<String> capDrop = new ArrayList<>();

  @Option(names = "--privileged", description = "Give extended privileges to this container.")
  boolean privileged;

  @Option(
      names = "--init",
      description = "Run an init inside the container that forwards signals and reaps processes.")
  boolean init;

  @Option(
      names = "--stop-signal",
      paramLabel = "STRING",
      description = "Signal to stop the container.")
  String stopSignal;

  @Option(
      names = "--stop-timeout",
      paramLabel = "INT",
      description = "Timeout (in seconds) to stop a container.")
  Integer stopTimeout;

  @Option(names = "--health-cmd", paramLabel = "STRING", description = "Command to check health.")
  String healthCmd;

  @Option(
      names = "--health-interval",
      paramLabel = "DURATION",
      description = "Time between running the check (ms|s|m|h).")
  String healthInterval;

  @Option(
      names = "--health-timeout",
      paramLabel = "DURATION",
      description = "Maximum time to allow one check to run (ms|s|m|h).")
  String healthTimeout;

  @Option(
      names = "--health-retries",
      paramLabel = "INT",
      description = "Consecutive failures needed to report unhealthy.")
  Integer healthRetries;

  @Option(
      names = "--health-start-period",
      paramLabel = "DURATION",
      description = "Start period for the container to initialize before retries count.")
  String healthStartPeriod;

  @Option(names = "--no-healthcheck", description = "Disable any container-specified HEALTHCHECK.")
  boolean noHealthcheck;

  @Option(
      names = {"--network", "--net"},
      paramLabel = "NETWORK",
      description = "Connect a container to a network.")
  String network;

  @Option(
      names = {"-h", "--hostname"},
      paramLabel = "STRING",
      description = "Container host name.")
  String hostname;

  @Option(
      names = {"-i", "--interactive"},
      description = "Keep STDIN open even if not attached.")
  boolean interactive;

  @Option(
      names = {"-t", "--tty"},
      description = "Allocate a pseudo-TTY.")
  boolean tty;

  @Option(
      names = {"-a", "--attach"},
      paramLabel = "LIST",
      description = "Attach to STDIN, STDOUT or STDERR.")
  List<String> attach = new ArrayList<>();

  @Option(names = "--log-driver", paramLabel = "STRING", description = "Logging driver.")
  String logDriver;

  @Option(names = "--log-opt", paramLabel = "LIST", description = "Log driver options.")
  List<String> logOpts = new ArrayList<>();

  @Option(
      names = {"-p", "--publish"},
      paramLabel = "LIST",
      description = "Publish a container's port(s) to the host.")
  List<String> publish = new ArrayList<>();

  @Option(names = "--expose", paramLabel = "LIST", description = "Expose a port or ports.")
  List<String> expose = new ArrayList<>();

  @Option(
      names = {"-P", "--publish-all"},
      description = "Publish all exposed ports to random ports.")
  boolean publishAll;

  @Option(
      names = {"--network-alias", "--net-alias"},
      paramLabel = "LIST",
      description = "Add network-scoped alias for the container.")
  List<String> networkAliases = new ArrayList<>();

  @Option(
      names = "--ip",
      paramLabel = "STRING",
      description = "IPv4 address (e.g., 172.30.100.104).")
  String ip;

  @Option(
      names = "--mac-address",
      paramLabel = "STRING",
      description = "Container MAC address (e.g., 92:d0:c6:0a:29:33).")
  String macAddress;

  @Option(
      names = "--add-host",
      paramLabel = "LIST",
      description = "Add a custom host-to-IP mapping (host:ip).")
  List<String> addHosts = new ArrayList<>();

  @Option(names = "--dns", paramLabel = "LIST", description = "Set custom DNS servers.")
  List<String> dns = new ArrayList<>();

  @Option(
      names = "--dns-search",
      paramLabel = "LIST",
      description = "Set custom DNS search domains.")
  List<String> dnsSearch = new ArrayList<>();

  @Option(
      names = {"--dns-option", "--dns-opt"},
      paramLabel = "LIST",
      description = "Set DNS options.")
  List<String> dnsOptions = new ArrayList<>();

  @Option(names = "--platform", paramLabel = "STRING", description = "Set platform.")
  String platform;

  @Option(
      names = "--pull",
      paramLabel = "STRING",
      defaultValue = "missing",
      description = "Pull image before creating (\"always\", \"missing\", \"never\").")
  String pull = "missing";

  /** Which of stdin, stdout and stderr are attached when running in the foreground. */
  record Streams(boolean stdin, boolean stdout, boolean stderr) {}

  /** The streams to attach: {@code -a}'s, else stdout and stderr (and stdin with {@code -i}). */
  Streams streams(boolean detach) {
    if (detach) {
      return new Streams(false, false, false);
    }
    if (attach.isEmpty()) {
      return new Streams(interactive, true, true);
    }
    for (String a : attach) {
      if (!List.of("stdin", "stdout", "stderr").contains(a.toLowerCase(java.util.Locale.ROOT))) {
        throw FlagError.invalid(a, "-a, --attach", "valid streams are STDIN, STDOUT and STDERR");
      }
    }
    return new Streams(has("stdin"), has("stdout"), has("stderr"));
  }

  private boolean has(String stream) {
    return attach.stream().anyMatch(a -> a.equalsIgnoreCase(stream));
  }

  /** The body of {@code POST /containers/create} for {@code image} and {@code command}. */
  ObjectNode body(
      String image, List<String> command, Map<String, String> environment, boolean detach) {
    if (autoRemove && !restart.equals("no")) {
      throw BerthException.invalid("Conflicting options: cannot specify both --restart and --rm");
    }
    Streams streams = streams(detach);
    ObjectNode body = Jsons.object();
    putIf(body, "Hostname", hostname);
    putIf(body, "User", user);
    body.put("AttachStdin", streams.stdin());
    body.put("AttachStdout", streams.stdout());
    body.put("AttachStderr", streams.stderr());
    ObjectNode exposed = ports(body);
    if (!exposed.isEmpty()) {
      body.set("ExposedPorts", exposed);
    }
    body.put("Tty", tty);
    body.put("OpenStdin", interactive);
    body.put("StdinOnce", interactive && streams.stdin());
    body.set("Env", strings(environment(environment)));
    if (!command.isEmpty()) {
      body.set("Cmd", strings(command));
    }
    healthcheck().ifPresent(h -> body.set("Healthcheck", h));
    body.put("Image", image);
    ObjectNode anonymous = anonymousVolumes();
    if (!anonymous.isEmpty()) {
      body.set("Volumes", anonymous);
    }
    putIf(body, "WorkingDir", workdir);
    if (entrypoint != null) {
      body.set("Entrypoint", strings(List.of(entrypoint)));
    }
    body.set("Labels", KeyValues.object(labelList(), "--label"));
    putIf(body, "StopSignal", stopSignal);
    if (stopTimeout != null) {
      body.put("StopTimeout", stopTimeout);
    }
    body.set("HostConfig", hostConfig());
    endpoint()
        .ifPresent(
            e ->
                body.putObject("NetworkingConfig")
                    .putObject("EndpointsConfig")
                    .set(network == null ? "default" : network, e));
    return body;
  }

  /** The network mode's {@code EndpointSettings} when a flag sets one of its fields. */
  private java.util.Optional<ObjectNode> endpoint() {
    if (networkAliases.isEmpty() && ip == null && macAddress == null) {
      return java.util.Optional.empty();
    }
    ObjectNode e = Jsons.object();
    if (!networkAliases.isEmpty()) {
      e.set("Aliases", strings(networkAliases));
    }
    if (ip != null) {
      e.putObject("IPAMConfig").put("IPv4Address", ip);
    }
    if (macAddress != null) {
      e.put("MacAddress", macAddress);
    }
    return java.util.Optional.of(e);
  }

  private ObjectNode hostConfig() {
    ObjectNode host = Jsons.object();
    host.set("Binds", strings(binds()));
    ObjectNode log = host.putObject("LogConfig");
    log.put("Type", logDriver == null ? "" : logDriver);
    log.set("Config", KeyValues.object(logOpts, "--log-opt"));
    host.put("NetworkMode", network == null ? "default" : network);
    ObjectNode bindings = portBindings();
    if (!bindings.isEmpty()) {
      host.set("PortBindings", bindings);
    }
    if (publishAll) {
      host.put("PublishAllPorts", true);
    }
    if (!dns.isEmpty()) {
      host.set("Dns", strings(dns));
    }
    if (!dnsSearch.isEmpty()) {
      host.set("DnsSearch", strings(dnsSearch));
    }
    if (!dnsOptions.isEmpty()) {
      host.set("DnsOptions", strings(dnsOptions));
    }
    if (!addHosts.isEmpty()) {
      host.set("ExtraHosts", strings(addHosts));
    }
    host.set("RestartPolicy", restartPolicy(restart));
    host.put("AutoRemove", autoRemove);
    host.set("CapAdd", strings(capAdd));
    host.set("CapDrop", strings(capDrop));
    host.put("ReadonlyRootfs", readOnly);
    if (!tmpfs.isEmpty()) {
      ObjectNode t = host.putObject("Tmpfs");
      for (String spec : tmpfs) {
        int colon = spec.indexOf(':');
        t.put(
            colon < 0 ? spec : spec.substring(0, colon),
            colon < 0 ? "" : spec.substring(colon + 1));
      }
    }
    if (memory != null) {
      host.put("Memory", HumanUnits.ramInBytes("-m, --memory", memory));
    }
    if (cpus != null) {
      host.put("NanoCpus", nanoCpus(cpus));
    }
    if (pidsLimit != null) {
      host.put("PidsLimit", pidsLimit);
    }
    if (init) {
      host.put("Init", true);
    }
    if (privileged) {
      host.put("Privileged", true);
    }
    if (!mounts.isEmpty()) {
      ArrayNode list = host.putArray("Mounts");
      mounts.forEach(m -> list.add(MountSpec.parse(m)));
    }
    return host;
  }

  /** {@code no}, {@code always}, {@code unless-stopped}, {@code on-failure[:N]}. */
  static ObjectNode restartPolicy(String restart) {
    ObjectNode policy = Jsons.object();
    int colon = restart.indexOf(':');
    String name = colon < 0 ? restart : restart.substring(0, colon);
    int retries = 0;
    if (colon >= 0) {
      if (!name.equals("on-failure")) {
        throw BerthException.invalid(
            "invalid restart policy format: maximum retry count can only be used with"
                + " 'on-failure'");
      }
      try {
        retries = Integer.parseInt(restart.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw BerthException.invalid(
            "invalid restart policy format: maximum retry count must be an integer: %s",
            restart.substring(colon + 1));
      }
    }
    if (!List.of("no", "always", "unless-stopped", "on-failure").contains(name)) {
      throw BerthException.invalid(
          "invalid restart policy '%s': expected no, always, unless-stopped or on-failure[:N]",
          restart);
    }
    policy.put("Name", name);
    policy.put("MaximumRetryCount", retries);
    return policy;
  }

  private List<String> environment(Map<String, String> environment) {
    List<String> all = new ArrayList<>();
    for (Path file : envFiles) {
      all.addAll(KeyValues.env(KeyValues.file(file), environment));
    }
    all.addAll(KeyValues.env(env, environment));
    return all;
  }

  private List<String> labelList() {
    List<String> all = new ArrayList<>();
    labelFiles.forEach(f -> all.addAll(KeyValues.file(f)));
    all.addAll(labels);
    return all;
  }

  /** {@code -v SRC:DST[:OPTS]} are binds; {@code -v /DST} alone is an anonymous volume. */
  private List<String> binds() {
    List<String> binds = new ArrayList<>();
    for (String v : volumes) {
      String[] parts = checkedVolume(v);
      if (parts.length > 1) {
        binds.add(v);
      }
    }
    return binds;
  }

  private ObjectNode anonymousVolumes() {
    ObjectNode anonymous = Jsons.object();
    for (String v : volumes) {
      if (checkedVolume(v).length == 1) {
        anonymous.putObject(v);
      }
    }
    return anonymous;
  }

  private static String[] checkedVolume(String v) {
    String[] parts = v.split(":", -1);
    if (v.isEmpty() || parts.length > 3 || List.of(parts).contains("")) {
      throw BerthException.invalid("invalid volume specification: '%s'", v);
    }
    if (parts.length == 1 && !v.startsWith("/")) {
      throw BerthException.invalid(
          "invalid volume specification: '%s': the destination must be an absolute path", v);
    }
    return parts;
  }

  private java.util.Optional<ObjectNode> healthcheck() {
    boolean any =
        healthCmd != null
            || healthInterval != null
            || healthTimeout != null
            || healthRetries != null
            || healthStartPeriod != null;
    if (noHealthcheck) {
      if (any) {
        throw BerthException.invalid("--no-healthcheck conflicts with --health-* options");
      }
      ObjectNode none = Jsons.object();
      none.set("Test", strings(List.of("NONE")));
      return java.util.Optional.of(none);
    }
    if (!any) {
      return java.util.Optional.empty();
    }
    ObjectNode health = Jsons.object();
    if (healthCmd != null) {
      health.set("Test", strings(List.of("CMD-SHELL", healthCmd)));
    }
    health.put("Interval", nanos("--health-interval", healthInterval));
    health.put("Timeout", nanos("--health-timeout", healthTimeout));
    health.put("StartPeriod", nanos("--health-start-period", healthStartPeriod));
    if (healthRetries != null) {
      if (healthRetries < 0) {
        throw BerthException.invalid("--health-retries cannot be negative");
      }
      health.put("Retries", healthRetries);
    }
    return java.util.Optional.of(health);
  }

  private static long nanos(String option, String value) {
    if (value == null) {
      return 0;
    }
    if (!GO_DURATION.matcher(value).matches()) {
      throw FlagError.invalid(value, option, "time: invalid duration \"" + value + "\"");
    }
    return Timestamps.duration(value).toNanos();
  }

  static long nanoCpus(String cpus) {
    try {
      BigDecimal n = new BigDecimal(cpus).multiply(BigDecimal.valueOf(1_000_000_000L));
      if (n.signum() < 0) {
        throw new NumberFormatException();
      }
      return n.longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw FlagError.invalid(cpus, "--cpus", "failed to parse " + cpus + " as a rational number");
    }
  }

  /** {@code -p} and {@code --expose} as ExposedPorts; {@code body} is not changed. */
  private ObjectNode ports(ObjectNode body) {
    ObjectNode exposed = Jsons.object();
    for (String e : expose) {
      for (PortSpec p : PortSpec.parse(e)) {
        exposed.putObject(p.containerPort());
      }
    }
    for (PortSpec p : PortSpec.parseAll(publish)) {
      exposed.putObject(p.containerPort());
    }
    return exposed;
  }

  private ObjectNode portBindings() {
    ObjectNode bindings = Jsons.object();
    for (PortSpec p : PortSpec.parseAll(publish)) {
      ArrayNode list =
          bindings.has(p.containerPort())
              ? (ArrayNode) bindings.get(p.containerPort())
              : bindings.putArray(p.containerPort());
      ObjectNode binding = list.addObject();
      binding.put("HostIp", p.hostIp());
      binding.put("HostPort", p.hostPort());
    }
    return bindings;
  }

  private static void putIf(ObjectNode body, String field, String value) {
    if (value != null) {
      body.put(field, value);
    }
  }

  static ArrayNode strings(List<String> values) {
    ArrayNode array = Jsons.array();
    values.forEach(array::add);
    return array;
  }
}
