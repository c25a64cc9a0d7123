package io.berth.build.engine;

import io.berth.dockerfile.Dockerfile;
import io.berth.dockerfile.DockerfileException;
import io.berth.dockerfile.DockerfileParser;
import io.berth.dockerfile.Instruction;
import io.berth.event.Event;
import io.berth.image.Image;
import io.berth.oci.ImageConfig;
import io.berth.oci.Platform;
import io.berth.oci.RunConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs one stage, step by step: its FROM, the ONBUILD triggers of its base, then its instructions,
 * each answered from the cache when its key is known or run and recorded otherwise, with the reason
 * of every miss worked out from what the same step saw last time.
 */
final class StageBuilder {
  private final BuildRun run;
  private final BuildPlan.PlannedStage planned;
  private final ConfigSteps configSteps;
  private final ConfigSteps.StageFlags flags = new ConfigSteps.StageFlags();
  private StageState state;
  private int stepIndex;
  private int total;
  private String where = "";

  StageBuilder(BuildRun run, BuildPlan.PlannedStage planned) {
    this.run = run;
    this.planned = planned;
    this.configSteps = new ConfigSteps(run.expander, run.args, run.plan.globals());
  }

  StageResult run() {
    List<Instruction> instructions = planned.stage().instructions();
    total = instructions.size() + 1;
    String id = started(planned.stage().from(), "FROM " + planned.base());
    long t0 = System.nanoTime();
    state = from();
    state.lastCreated =
        run.sourceDateEpoch()
            .map(java.time.Instant::ofEpochSecond)
            .orElseGet(
                () ->
                    planned.baseStage().isPresent()
                        ? run.stage(planned.baseStage().get()).lastCreated()
                        : state.image.created().orElse(run.started));
    finished(id, t0);
    List<String> onBuild = state.config().onBuild();
    List<Instruction> triggers = triggers();
    for (int t = 0; t < triggers.size(); t++) {
      step(triggers.get(t), "ONBUILD " + onBuild.get(t));
    }
    for (Instruction i : instructions) {
      step(i, "");
    }
    return new StageResult(
        state.image,
        state.layers,
        state.chain,
        state.cacheKey,
        state.lastCreated,
        state.historyKeys);
  }

  private String started(Instruction i, String text) {
    String id = run.nextId();
    stepIndex++;
    run.emit(
        new Event.StepStarted(
            id, "[" + planned.label() + " " + stepIndex + "/" + total + "] " + text));
    return id;
  }

  private void finished(String id, long t0) {
    run.emit(new Event.StepFinished(id, (System.nanoTime() - t0) / 1_000_000, true));
  }

  private StageState from() {
    if (planned.baseStage().isPresent()) {
      StageResult base = run.stage(planned.baseStage().get());
      return new StageState(
          base.image(), base.layers(), base.chain(), base.cacheKey(), base.historyKeys());
    }
    if (planned.base().equalsIgnoreCase("scratch")) {
      ImageConfig empty = ImageConfig.empty(run.platform);
      RunConfig.Builder b = empty.config().toBuilder();
      b.env = List.of("PATH=" + io.berth.runtime.RuntimeSpecs.DEFAULT_PATH);
      return new StageState(
          empty.withConfig(b.build()),
          List.of(),
          Optional.empty(),
          Keys.of("scratch", run.platform),
          List.of());
    }
    Image image = run.service.images().resolve(planned.base());
    checkPlatform(image);
    var chain = run.service.images().unpack(image, run.events);
    ImageConfig config = withHistory(image.config());
    return new StageState(
        config,
        image.manifest().layers(),
        chain,
        Keys.of("image", image.id()),
        InlineCache.keys(image.config()).orElse(List.of()));
  }

  /**
   * Refuses a base whose platform is not the one asked for, by {@code FROM --platform} or else by
   * the build's {@code --platform}: berth builds from local images only and cannot fetch another
   * variant, nor run one (there is no emulation), so it says so rather than build the wrong thing.
   */
  private void checkPlatform(Image image) {
    Optional<String> flag = planned.stage().from().platform();
    Platform wanted;
    if (flag.isPresent()) {
      String text =
          BuildPlan.expand(
              run.expander,
              flag.get(),
              n -> BuildPlan.lookup(run.plan.globals(), run.args, n),
              planned.stage().from());
      wanted = Platform.parse(text);
    } else if (run.request.platform().isPresent()) {
      wanted = run.platform;
    } else {
      return;
    }
    Platform actual = image.config().platform();
    if (!wanted.matches(actual)) {
      throw new DockerfileException(
          planned.stage().from().range(),
          "FROM "
              + planned.base()
              + ": the image in the store is for "
              + actual
              + ", not for "
              + wanted
              + " (berth builds from local images only and cannot fetch another platform's)");
    }
  }

  /** The config with one history entry per layer when the base image recorded none. */
  private static ImageConfig withHistory(ImageConfig config) {
    if (!config.history().isEmpty() || config.rootfs().diffIds().isEmpty()) {
      return config;
    }
    List<ImageConfig.History> history = new ArrayList<>();
    for (int i = 0; i < config.rootfs().diffIds().size(); i++) {
      history.add(new ImageConfig.History(config.created(), "", "", "", false));
    }
    return new ImageConfig(
        config.created(),
        config.author(),
        config.architecture(),
        config.os(),
        config.variant(),
        config.osVersion(),
        config.osFeatures(),
        config.config(),
        config.rootfs(),
        history,
        config.extra());
  }

  /** The base's ONBUILD triggers, parsed; the child image's own list starts empty. */
  private List<Instruction> triggers() {
    List<String> onBuild = state.config().onBuild();
    if (onBuild.isEmpty()) {
      return List.of();
    }
    RunConfig.Builder b = state.config().toBuilder();
    b.onBuild = List.of();
    state.config(b.build());
    String text = "FROM scratch\n" + String.join("\n", onBuild) + "\n";
    Dockerfile triggers;
    try {
      triggers = DockerfileParser.parse("ONBUILD of " + planned.base(), text);
    } catch (DockerfileException e) {
      throw new DockerfileException(
          planned.stage().from().range(),
          "an ONBUILD trigger of the base image: " + e.getMessage());
    }
    List<Instruction> out = new ArrayList<>();
    for (Instruction i : triggers.stages().getFirst().instructions()) {
      if (i instanceof Instruction.Onbuild || i instanceof Instruction.From) {
        throw new DockerfileException(
            planned.stage().from().range(), i.keyword() + " is not allowed as an ONBUILD trigger");
      }
      out.add(i);
    }
    return out;
  }

  private void step(Instruction i, String prefix) {
    String raw = prefix.isEmpty() ? run.text(i.range()) : prefix;
    String id = started(i, raw.replace('\n', ' '));
    where = i.range().file() + ":" + i.range().startLine() + " " + i.keyword();
    long t0 = System.nanoTime();
    if (Thread.currentThread().isInterrupted()) {
      throw BuildRun.interrupted();
    }
    try {
      dispatch(id, i, raw);
    } catch (RuntimeException e) {
      run.emit(new Event.StepFinished(id, (System.nanoTime() - t0) / 1_000_000, false));
      throw e;
    }
    finished(id, t0);
  }

  private void dispatch(String id, Instruction i, String raw) {
    switch (i) {
      case Instruction.Run r -> new RunStep(run, this, r).execute(id, raw);
      case Instruction.Copy c ->
          new CopyStep(run, this, c, c.sources(), c.destination(), c.flags(), c.heredocs(), false)
              .execute(id, raw);
      case Instruction.Add a ->
          new CopyStep(run, this, a, a.sources(), a.destination(), a.flags(), a.heredocs(), true)
              .execute(id, raw);
      case Instruction.Workdir w -> new WorkdirStep(run, this, w).execute(id, raw);
      default -> configStep(i, raw);
    }
  }

  /**
   * A config-only step. As in BuildKit it leaves the cache key alone: what later steps read of the
   * config (environment, user, working directory, shell) is part of their own keys, and a LABEL or
   * an ARG whose value no step uses invalidates nothing.
   */
  private void configStep(Instruction i, String raw) {
    String createdBy = configSteps.apply(i, state, flags);
    state.recordMetadata(state.lastCreated, createdBy);
  }

  /**
   * Remembers what this step saw; when its key changed since last time, keeps why. "Last time" is
   * the previous build of this step: the same position in the same project when its parent and
   * instruction are the ones seen now, else the last run of this instruction over this parent in
   * any build (the tag or the context directory may have changed since), else, when an earlier step
   * of this build missed, that step's miss.
   */
  private Optional<String> explainChange(
      String raw,
      String parent,
      Map<String, String> settings,
      Map<String, String> files,
      String key) {
    String position = run.position(planned.stage().index(), stepIndex);
    Optional<StepCache.Seen> last = run.cache.last(position);
    StepCache.Position now =
        new StepCache.Position(parent, raw, state.argValues(), settings, files, key);
    Optional<StepCache.Seen> previous = last.filter(p -> sameStep(p, now));
    if (previous.isEmpty()) {
      previous = run.cache.lastFrom(parent, raw);
    }
    run.cache.remember(position, now);
    if (previous.isPresent() && previous.get().key().equals(key)) {
      return Optional.empty();
    }
    String reason;
    if (previous.isPresent()) {
      reason = Explain.reason(previous.map(run.cache::load), now, state.changeReason);
    } else if (state.changeReason.isPresent()) {
      reason = Explain.PARENT_CHANGED + " (" + state.changeReason.get() + ")";
    } else {
      reason = Explain.reason(last.map(run.cache::load), now, state.changeReason);
    }
    if (!reason.startsWith(Explain.PARENT_CHANGED) && !reason.equals(Explain.NO_PREVIOUS)) {
      state.changeReason = Optional.of(where + ": " + reason);
    }
    return Optional.of(reason);
  }

  private static boolean sameStep(StepCache.Seen a, StepCache.Position b) {
    return a.parent().equals(b.parent()) && a.instruction().equals(b.instruction());
  }

  /**
   * Runs a filesystem step with cache key {@code key}: answered from the cache when it can be,
   * otherwise by {@code work}, whose result is stored; then recorded in the stage's history.
   */
  void filesystemStep(
      String id,
      String raw,
      String key,
      Map<String, String> settings,
      Map<String, String> files,
      String createdBy,
      Supplier<StepOutcome> work) {
    String parent = state.cacheKey;
    Optional<String> change = explainChange(raw, parent, settings, files, key);
    run.steps.incrementAndGet();
    Optional<StepOutcome> hit =
        run.request.noCache() ? Optional.empty() : run.cache.lookup(key, state.chain);
    if (hit.isEmpty() && !run.request.noCache()) {
      hit = run.cacheFrom.lookup(key, state.chain);
      hit.ifPresent(h -> run.cache.store(key, h));
    }
    StepOutcome outcome;
    if (hit.isPresent()) {
      run.cachedSteps.incrementAndGet();
      run.emit(new Event.StepCached(id));
      outcome = hit.get();
      state.changeReason = Optional.empty();
    } else {
      String reason =
          run.request.noCache()
              ? "--no-cache was given"
              : change.orElse("its cached result is no longer in the store");
      run.emit(new Event.StepCacheMiss(id, reason));
      outcome = work.get();
      run.cache.store(key, outcome);
    }
    state.record(outcome, createdBy, key);
    state.lastCreated = outcome.created();
    state.cacheKey = key;
  }

  StageState state() {
    return state;
  }

  ConfigSteps configSteps() {
    return configSteps;
  }

  BuildPlan.PlannedStage planned() {
    return planned;
  }
}
