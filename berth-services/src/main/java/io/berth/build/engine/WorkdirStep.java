package io.berth.build.engine;

import io.berth.dockerfile.Instruction;
import io.berth.errors.BerthException;
import io.berth.oci.RunConfig;
import io.berth.runtime.ResolvedUser;
import io.berth.runtime.UserResolver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * WORKDIR: sets the working directory (a relative one joined to the previous) and creates it, owned
 * by the current USER as BuildKit does; the step has a layer only if it created something.
 */
final class WorkdirStep {
  private final BuildRun run;
  private final StageBuilder stage;
  private final Instruction.Workdir workdir;

  WorkdirStep(BuildRun run, StageBuilder stage, Instruction.Workdir workdir) {
    this.run = run;
    this.stage = stage;
    this.workdir = workdir;
  }

  void execute(String id, String raw) {
    StageState s = stage.state();
    String path = stage.configSteps().expand(workdir.path(), s, workdir);
    String base = s.config().workingDir().isEmpty() ? "/" : s.config().workingDir();
    String dir = "/" + RootedPath.cleanRelative(path.startsWith("/") ? path : base + "/" + path);
    RunConfig.Builder b = s.config().toBuilder();
    b.workingDir = dir;
    s.config(b.build());
    String user = s.config().user();
    String createdBy = "WORKDIR " + dir;
    String key = Keys.of(s.cacheKey, createdBy, user);
    stage.filesystemStep(
        id, raw, key, Map.of("USER", user), Map.of(), createdBy, () -> create(dir, user));
  }

  private StepOutcome create(String dir, String user) {
    StageState s = stage.state();
    try (WritableLayer layer = new WritableLayer(run.service.snapshots(), s.chain)) {
      Path root = layer.mountUnder(run.work);
      ResolvedUser owner =
          user.isEmpty() ? ResolvedUser.root() : new UserResolver(root).resolve(user, List.of());
      RootedPath.mkdirs(root, dir, owner.uid(), owner.gid());
      return layer.commit(run.service.content(), run.sourceDateEpoch(), run.created());
    } catch (IOException e) {
      throw BerthException.internal("WORKDIR " + dir + ": " + e.getMessage(), e);
    }
  }
}
