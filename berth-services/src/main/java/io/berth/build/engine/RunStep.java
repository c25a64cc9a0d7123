package io.berth.build.engine;

import io.berth.dockerfile.Heredoc;
import io.berth.dockerfile.Instruction;
import io.berth.dockerfile.RunFlags;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.event.Event;
import io.berth.runtime.ResolvedUser;
import io.berth.runtime.RuntimeProcess;
import io.berth.runtime.RuntimeSpec;
import io.berth.runtime.RuntimeSpecJson;
import io.berth.runtime.RuntimeSpecs;
import io.berth.runtime.Stdio;
import io.berth.runtime.UserResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * RUN: the command in a runc container over a writable snapshot of the stack, with the environment,
 * user and working directory of that point of the Dockerfile, its {@code --mount}s and network; the
 * layer is the snapshot's diff. The empty files and directories runc creates as mount points are
 * taken out of the diff again, as BuildKit does.
 */
final class RunStep {
  private static final int TAIL_BYTES = 4096;

  private final BuildRun run;
  private final StageBuilder stage;
  private final Instruction.Run instruction;

  RunStep(BuildRun run, StageBuilder stage, Instruction.Run instruction) {
    this.run = run;
    this.stage = stage;
    this.instruction = instruction;
  }

  void execute(String id, String raw) {
    StageState s = stage.state();
    Script script = script(s);
    Map<String, String> args = s.argValues();
    RunFlags.Network network = network();
    RunMounts mounts = new RunMounts(run, stage, instruction);
    String createdBy = createdBy(script.argv(), args);
    String key =
        Keys.of(
            s.cacheKey,
            "RUN",
            script.argv(),
            script.files(),
            s.config().env(),
            args,
            s.config().user(),
            s.config().workingDir(),
            network,
            mounts.cacheIdentity());
    stage.filesystemStep(
        id,
        raw,
        key,
        settings(s),
        Map.of(),
        createdBy,
        () -> runContainer(id, raw, script, network, mounts));
  }

  /** What of the config the step used, for explaining a miss. */
  private static Map<String, String> settings(StageState s) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String e : s.config().env()) {
      int eq = e.indexOf('=');
      out.put("$" + (eq < 0 ? e : e.substring(0, eq)), eq < 0 ? "" : e.substring(eq + 1));
    }
    out.put("USER", s.config().user());
    out.put("WORKDIR", s.config().workingDir());
    out.put("SHELL", String.join(" ", s.shell()));
    return out;
  }

  /** The argv of the step and the heredoc files it needs mounted. */
  record Script(List<String> argv, Map<String, String> files) {}

  private Script script(StageState s) {
    var command = instruction.command();
    if (command.execForm()) {
      return new Script(command.arguments(), Map.of());
    }
    String text = command.arguments().getFirst();
    List<Heredoc> heredocs = command.heredocs();
    List<String> argv = new ArrayList<>(s.shell());
    if (heredocs.size() == 1
        && text.strip()
            .matches(
                "<<-?[\"']?"
                    + java.util.regex.Pattern.quote(heredocs.getFirst().name())
                    + "[\"']?")) {
      Heredoc h = heredocs.getFirst();
      if (h.content().startsWith("#!")) {
        String path = "/dev/pipes/" + h.name();
        return new Script(List.of(path), Map.of(path, h.content()));
      }
      argv.add(h.content());
      return new Script(argv, Map.of());
    }
    StringBuilder full = new StringBuilder(text);
    for (Heredoc h : heredocs) {
      full.append('\n').append(h.content()).append(h.name());
    }
    argv.add(full.toString());
    return new Script(argv, Map.of());
  }

  private RunFlags.Network network() {
    if (instruction.flags().security().orElse(RunFlags.Security.SANDBOX)
        == RunFlags.Security.INSECURE) {
      throw BerthException.notImplemented("RUN --security=insecure");
    }
    RunFlags.Network n = instruction.flags().network().orElse(RunFlags.Network.DEFAULT);
    if (n == RunFlags.Network.DEFAULT) {
      return run.request.networkMode().equals("none")
          ? RunFlags.Network.NONE
          : RunFlags.Network.HOST;
    }
    return n;
  }

  /** As BuildKit writes it: {@code RUN |2 A=1 B=2 /bin/sh -c make # buildkit}. */
  private static String createdBy(List<String> argv, Map<String, String> args) {
    StringBuilder b = new StringBuilder("RUN ");
    if (!args.isEmpty()) {
      b.append('|').append(args.size()).append(' ');
      args.forEach((k, v) -> b.append(k).append('=').append(v).append(' '));
    }
    return b.append(String.join(" ", argv)).append(" # buildkit").toString();
  }

  private StepOutcome runContainer(
      String id, String raw, Script script, RunFlags.Network network, RunMounts mounts) {
    StageState s = stage.state();
    String hex = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String container = "berth-build-" + hex;
    try (WritableLayer layer = new WritableLayer(run.service.snapshots(), s.chain)) {
      Path bundle = Files.createDirectories(run.work.resolve(container));
      Path rootfs = Files.createDirectories(bundle.resolve("rootfs"));
      layer.mount(rootfs);
      ResolvedUser user =
          s.config().user().isEmpty()
              ? ResolvedUser.root()
              : new UserResolver(rootfs).resolve(s.config().user(), List.of());
      String cwd = s.config().workingDir().isEmpty() ? "/" : s.config().workingDir();
      RootedPath.mkdirs(rootfs, cwd, user.uid(), user.gid());
      List<RuntimeSpec.MountPoint> points = new ArrayList<>(mounts.prepare(bundle, rootfs));
      points.addAll(networkFiles(bundle, network));
      for (var f : script.files().entrySet()) {
        Path file = bundle.resolve("heredoc-" + points.size());
        Files.writeString(file, f.getValue());
        FileOps.chmod(file, 0755);
        points.add(RuntimeSpecs.bind(file.toString(), f.getKey(), true));
      }
      List<String> stubs = MountStubs.missing(rootfs, points);
      RuntimeSpecs spec =
          RuntimeSpecs.container("rootfs")
              .args(script.argv())
              .env(environment(s, mounts.secretEnv()))
              .cwd(cwd)
              .user(user)
              .hostname("buildkitsandbox")
              .hostNetwork(network == RunFlags.Network.HOST)
              .seccomp(true)
              .cgroupsPath(run.service.cgroups().cgroupsPath(container));
      points.forEach(spec::mount);
      Files.writeString(bundle.resolve("config.json"), RuntimeSpecJson.write(spec.build()));
      int exit;
      byte[] tail;
      try (var lock = mounts.lock()) {
        Tail output = new Tail();
        // the classic builder's line, which the docker CLI shows and berth's CLI leaves out
        run.emit(new Event.Status(" ---> Running in " + hex));
        exit = start(id, container, bundle, output);
        tail = output.bytes();
      }
      layer.unmount();
      MountStubs.remove(layer.upper(), stubs);
      if (exit != 0) {
        throw failed(raw, script.argv(), exit, tail);
      }
      return layer.commit(run.service.content(), run.sourceDateEpoch(), run.created());
    } catch (IOException e) {
      throw BerthException.internal("running " + raw + ": " + e.getMessage(), e);
    } finally {
      mounts.close();
    }
  }

  private int start(String id, String container, Path bundle, Tail tail) {
    RuntimeProcess process =
        run.service.runtime().run(container, bundle, Stdio.pipesWithoutStdin());
    // Platform threads: a virtual one blocked in a pipe read would hold its carrier.
    Thread out = Thread.ofPlatform().daemon().start(() -> pump(id, 1, process.stdout(), tail));
    Thread err = Thread.ofPlatform().daemon().start(() -> pump(id, 2, process.stderr(), tail));
    try (process) {
      int code = process.onExit().get();
      out.join(TimeUnit.SECONDS.toMillis(10));
      err.join(TimeUnit.SECONDS.toMillis(10));
      return code;
    } catch (InterruptedException e) {
      stop(container, process);
      Thread.currentThread().interrupt();
      throw BuildRun.interrupted();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof BerthException b) {
        throw b;
      }
      throw new BerthException(
          ErrorKind.INTERNAL, "starting the container of a RUN step: " + cause, cause);
    }
  }

  private void stop(String container, RuntimeProcess process) {
    try {
      run.service.runtime().kill(container, "KILL", true);
    } catch (BerthException e) {
      // already gone
    }
    try {
      process.onExit().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      // deleted by force below
    }
    try {
      run.service.runtime().delete(container, true);
    } catch (BerthException e) {
      // runc run removes the container itself when it ends
    }
  }

  private void pump(String id, int stream, InputStream in, Tail tail) {
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) > 0; ) {
        byte[] chunk = java.util.Arrays.copyOf(buffer, n);
        tail.add(chunk);
        run.emit(new Event.Output(id, stream, chunk));
      }
    } catch (IOException e) {
      // the pipe closed with the container
    }
  }

  private List<String> environment(StageState s, Map<String, String> secrets) {
    Map<String, String> env = new LinkedHashMap<>();
    run.args.proxies().forEach(env::put);
    s.argValues().forEach(env::put);
    List<String> out = new ArrayList<>();
    env.forEach((k, v) -> out.add(k + "=" + v));
    out.addAll(s.config().env());
    secrets.forEach((k, v) -> out.add(k + "=" + v));
    return out;
  }

  /** /etc/resolv.conf and /etc/hosts for a step with network access, as BuildKit gives them. */
  private static List<RuntimeSpec.MountPoint> networkFiles(Path bundle, RunFlags.Network network)
      throws IOException {
    List<RuntimeSpec.MountPoint> points = new ArrayList<>();
    Path hosts = bundle.resolve("hosts");
    Files.writeString(
        hosts, "127.0.0.1\tlocalhost buildkitsandbox\n::1\tlocalhost ip6-localhost ip6-loopback\n");
    points.add(RuntimeSpecs.bind(hosts.toString(), "/etc/hosts", true));
    if (network == RunFlags.Network.HOST) {
      Path resolv = bundle.resolve("resolv.conf");
      Path host = Path.of("/etc/resolv.conf");
      if (Files.exists(host)) {
        Files.write(resolv, Files.readAllBytes(host));
      } else {
        Files.writeString(resolv, "");
      }
      points.add(RuntimeSpecs.bind(resolv.toString(), "/etc/resolv.conf", true));
    }
    return points;
  }

  private BerthException failed(String raw, List<String> argv, int exit, byte[] tail) {
    String output = new String(tail, StandardCharsets.UTF_8).stripTrailing();
    return new BerthException(
        ErrorKind.FAILED_PRECONDITION,
        "%s: %s: process \"%s\" did not complete successfully: exit code: %d%s"
            .formatted(
                instruction.range().file() + ":" + instruction.range().startLine(),
                raw.lines().findFirst().orElse(raw),
                String.join(" ", argv),
                exit,
                output.isEmpty() ? "" : "\n" + output));
  }

  /** The last bytes a step printed, on both streams, for the error of a failed step. */
  private static final class Tail {
    private final byte[] ring = new byte[TAIL_BYTES];
    private long written;

    synchronized void add(byte[] chunk) {
      for (byte b : chunk) {
        ring[(int) (written++ % TAIL_BYTES)] = b;
      }
    }

    synchronized byte[] bytes() {
      int n = (int) Math.min(written, TAIL_BYTES);
      byte[] out = new byte[n];
      for (int i = 0; i < n; i++) {
        out[i] = ring[(int) ((written - n + i) % TAIL_BYTES)];
      }
      return out;
    }
  }

  static boolean exists(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }
}
