package io.berth.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.errors.BerthException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Writes a {@link RuntimeSpec} as the runtime spec's {@code config.json}: field names as the schema
 * spells them, empty lists and absent values left out. The one translator from the model to the
 * wire.
 */
public final class RuntimeSpecJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RuntimeSpecJson() {}

  /** The config as pretty-printed JSON text. */
  public static String write(RuntimeSpec spec) {
    return text(tree(spec));
  }

  /** A process alone, as {@code runc exec --process} reads it. */
  public static String write(ProcessSpec process) {
    return text(process(process));
  }

  /** The config as a JSON tree. */
  public static ObjectNode tree(RuntimeSpec spec) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("ociVersion", spec.ociVersion());
    node.set("process", process(spec.process()));
    ObjectNode root = node.putObject("root");
    root.put("path", spec.root().path());
    if (spec.root().readonly()) {
      root.put("readonly", true);
    }
    spec.hostname().ifPresent(h -> node.put("hostname", h));
    array(node, "mounts", spec.mounts(), RuntimeSpecJson::mount);
    node.set("linux", linux(spec.linux()));
    map(node, "annotations", spec.annotations());
    return node;
  }

  private static String text(ObjectNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw BerthException.internal("writing the runtime config as JSON", e);
    }
  }

  private static ObjectNode process(ProcessSpec p) {
    ObjectNode node = MAPPER.createObjectNode();
    if (p.terminal()) {
      node.put("terminal", true);
      if (p.consoleSize().isSet()) {
        ObjectNode size = node.putObject("consoleSize");
        size.put("height", p.consoleSize().height());
        size.put("width", p.consoleSize().width());
      }
    }
    ObjectNode user = node.putObject("user");
    user.put("uid", p.user().uid());
    user.put("gid", p.user().gid());
    p.user().umask().ifPresent(u -> user.put("umask", u));
    if (!p.user().additionalGids().isEmpty()) {
      ArrayNode gids = user.putArray("additionalGids");
      p.user().additionalGids().forEach(gids::add);
    }
    strings(node, "args", p.args());
    strings(node, "env", p.env());
    node.put("cwd", p.cwd());
    p.capabilities().ifPresent(c -> node.set("capabilities", capabilities(c)));
    array(node, "rlimits", p.rlimits(), RuntimeSpecJson::rlimit);
    if (p.noNewPrivileges()) {
      node.put("noNewPrivileges", true);
    }
    p.oomScoreAdj().ifPresent(o -> node.put("oomScoreAdj", o));
    p.apparmorProfile().ifPresent(a -> node.put("apparmorProfile", a));
    return node;
  }

  private static ObjectNode capabilities(ProcessSpec.Capabilities c) {
    ObjectNode node = MAPPER.createObjectNode();
    strings(node, "bounding", c.bounding());
    strings(node, "effective", c.effective());
    strings(node, "permitted", c.permitted());
    strings(node, "inheritable", c.inheritable());
    strings(node, "ambient", c.ambient());
    return node;
  }

  private static ObjectNode rlimit(ProcessSpec.Rlimit r) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("type", r.type());
    // Unsigned in the config: -1 is RLIM_INFINITY, 2^64 - 1.
    node.put("hard", new java.math.BigInteger(Long.toUnsignedString(r.hard())));
    node.put("soft", new java.math.BigInteger(Long.toUnsignedString(r.soft())));
    return node;
  }

  private static ObjectNode mount(RuntimeSpec.MountPoint m) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("destination", m.destination());
    node.put("type", m.type());
    node.put("source", m.source());
    strings(node, "options", m.options());
    return node;
  }

  private static ObjectNode linux(RuntimeSpec.Linux l) {
    ObjectNode node = MAPPER.createObjectNode();
    array(node, "namespaces", l.namespaces(), RuntimeSpecJson::namespace);
    array(node, "uidMappings", l.uidMappings(), RuntimeSpecJson::idMapping);
    array(node, "gidMappings", l.gidMappings(), RuntimeSpecJson::idMapping);
    ObjectNode resources = resources(l.resources());
    if (!resources.isEmpty()) {
      node.set("resources", resources);
    }
    l.cgroupsPath().ifPresent(c -> node.put("cgroupsPath", c));
    strings(node, "maskedPaths", l.maskedPaths());
    strings(node, "readonlyPaths", l.readonlyPaths());
    array(node, "devices", l.devices(), RuntimeSpecJson::device);
    map(node, "sysctl", l.sysctl());
    l.seccomp().ifPresent(s -> node.set("seccomp", seccomp(s)));
    return node;
  }

  private static ObjectNode namespace(RuntimeSpec.Namespace n) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("type", n.type());
    n.path().ifPresent(p -> node.put("path", p));
    return node;
  }

  private static ObjectNode idMapping(RuntimeSpec.IdMapping m) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("containerID", m.containerId());
    node.put("hostID", m.hostId());
    node.put("size", m.size());
    return node;
  }

  private static ObjectNode resources(RuntimeSpec.Resources r) {
    ObjectNode node = MAPPER.createObjectNode();
    array(node, "devices", r.devices(), RuntimeSpecJson::deviceRule);
    r.memory()
        .ifPresent(
            m -> {
              ObjectNode memory = node.putObject("memory");
              put(memory, "limit", m.limit());
              put(memory, "reservation", m.reservation());
              put(memory, "swap", m.swap());
            });
    r.cpu()
        .ifPresent(
            c -> {
              ObjectNode cpu = node.putObject("cpu");
              put(cpu, "shares", c.shares());
              put(cpu, "quota", c.quota());
              put(cpu, "period", c.period());
              c.cpus().ifPresent(s -> cpu.put("cpus", s));
            });
    r.pids().ifPresent(p -> node.putObject("pids").put("limit", p.limit()));
    return node;
  }

  private static ObjectNode deviceRule(RuntimeSpec.DeviceRule d) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("allow", d.allow());
    d.type().ifPresent(t -> node.put("type", t));
    put(node, "major", d.major());
    put(node, "minor", d.minor());
    node.put("access", d.access());
    return node;
  }

  private static ObjectNode device(RuntimeSpec.Device d) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("type", d.type());
    node.put("path", d.path());
    node.put("major", d.major());
    node.put("minor", d.minor());
    d.fileMode().ifPresent(m -> node.put("fileMode", m));
    d.uid().ifPresent(u -> node.put("uid", u));
    d.gid().ifPresent(g -> node.put("gid", g));
    return node;
  }

  private static ObjectNode seccomp(RuntimeSpec.Seccomp s) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("defaultAction", s.defaultAction());
    strings(node, "architectures", s.architectures());
    array(
        node,
        "syscalls",
        s.syscalls(),
        c -> {
          ObjectNode rule = MAPPER.createObjectNode();
          strings(rule, "names", c.names());
          rule.put("action", c.action());
          c.errnoRet().ifPresent(e -> rule.put("errnoRet", e));
          array(
              rule,
              "args",
              c.args(),
              a -> {
                ObjectNode arg = MAPPER.createObjectNode();
                arg.put("index", a.index());
                arg.put("value", a.value());
                arg.put("valueTwo", a.valueTwo());
                arg.put("op", a.op());
                return arg;
              });
          return rule;
        });
    return node;
  }

  private static void put(ObjectNode node, String field, Optional<Long> value) {
    value.ifPresent(v -> node.put(field, v));
  }

  private static void strings(ObjectNode node, String field, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode array = node.putArray(field);
      values.forEach(array::add);
    }
  }

  private static <T> void array(
      ObjectNode node, String field, List<T> values, Function<T, ObjectNode> element) {
    if (!values.isEmpty()) {
      ArrayNode array = node.putArray(field);
      values.forEach(v -> array.add(element.apply(v)));
    }
  }

  private static void map(ObjectNode node, String field, Map<String, String> values) {
    if (!values.isEmpty()) {
      ObjectNode object = node.putObject(field);
      new java.util.TreeMap<>(values).forEach(object::put);
    }
  }
}
