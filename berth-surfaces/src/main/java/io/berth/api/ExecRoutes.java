package io.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.http.Hijacked;
import io.berth.container.ContainerService;
import io.berth.container.ExecConfig;
import io.berth.container.ExecInfo;
import io.berth.container.OutputSink;
import io.berth.runtime.ConsoleSize;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code docker exec}'s endpoints: create an exec instance, start it hijacked, inspect it. */
public final class ExecRoutes implements RouteGroup {

  private final ContainerService containers;

  public ExecRoutes(ContainerService containers) {
    this.containers = containers;
  }

  @Override
  public void register(Router.Builder routes) {
    routes
        .post("/containers/{id}/exec", this::create)
        .post("/exec/{id}/start", this::start)
        .post("/exec/{id}/resize", this::resize)
        .get("/exec/{id}/json", this::inspect);
  }

  private void create(ApiRequest r) throws IOException {
    ExecConfig config = ContainerRequests.exec(r.readJson(JsonNode.class));
    r.json(201, Map.of("Id", containers.execCreate(r.path("id"), config)));
  }

  private void start(ApiRequest r) throws IOException {
    String id = r.path("id");
    JsonNode body = r.readJson(JsonNode.class);
    ExecInfo info = containers.execInspect(id);
    ConsoleSize size = ContainerRequests.consoleSize(body.path("ConsoleSize"), "ConsoleSize");
    if (body.path("Detach").asBoolean(false)) {
      containers.execStart(id, true, size, Optional.empty(), (s, b, o, l) -> {});
      r.text(200, "");
      return;
    }
    Hijacked h = r.hijack();
    boolean tty = info.config().tty();
    OutputSink sink = ContainerRoutes.sink(h.output(), tty);
    Optional<InputStream> stdin =
        info.config().attachStdin()
            ? Optional.of(tty ? info.config().detachKeys().watch(h.input()) : h.input())
            : Optional.empty();
    containers.execStart(id, false, size, stdin, sink);
    h.output().flush();
    h.output().close();
  }

  private void resize(ApiRequest r) throws IOException {
    containers.execResize(r.path("id"), ContainerRoutes.size(r));
    r.text(200, "");
  }

  private void inspect(ApiRequest r) throws IOException {
    ExecInfo e = containers.execInspect(r.path("id"));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", e.id());
    m.put("Running", e.running());
    m.put("ExitCode", e.exitCode().orElse(null));
    m.put(
        "ProcessConfig",
        Map.of(
            "tty", e.config().tty(),
            "entrypoint", e.config().cmd().getFirst(),
            "arguments", e.config().cmd().subList(1, e.config().cmd().size()),
            "user", e.config().user()));
    m.put("OpenStdin", e.config().attachStdin());
    m.put("OpenStdout", e.config().attachStdout());
    m.put("OpenStderr", e.config().attachStderr());
    m.put("ContainerID", e.containerId());
    m.put("Pid", e.pid());
    r.json(200, m);
  }
}
