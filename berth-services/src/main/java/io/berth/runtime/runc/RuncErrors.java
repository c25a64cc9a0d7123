package io.berth.runtime.runc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.errors.BerthException;
import io.berth.runtime.ContainerStartException;
import io.berth.runtime.ContainerStartException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns runc's error output (stderr text, or its JSON log) into berth's error kinds. */
final class RuncErrors {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern EXEC_FAILURE =
      Pattern.compile("exec: \"([^\"]*)\": (executable file not found in \\$PATH|.*)");
  private static final Pattern NO_SUCH_FILE =
      Pattern.compile("exec: \"([^\"]*)\": (stat .*: )?no such file or directory");
  private static final Pattern CGROUP =
      Pattern.compile("cgroup[^:]*: .*?(?:controller|subsystem)s? \"?([a-z_]+)\"?.*not");

  private RuncErrors() {}

  /** The error-level messages of runc's JSON log at {@code log}; none if it has none. */
  static List<String> errorMessages(Path log) {
    List<String> messages = new ArrayList<>();
    try {
      if (!Files.exists(log)) {
        return messages;
      }
      for (String line : Files.readAllLines(log)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode entry = MAPPER.readTree(line);
        String level = entry.path("level").asText();
        if (level.equals("error") || level.equals("fatal")) {
          messages.add(entry.path("msg").asText());
        }
      }
    } catch (IOException e) {
      messages.add("unreadable runtime log " + log + ": " + e.getMessage());
    }
    return messages;
  }

  /** The failure that runc's {@code message} describes, for container or exec {@code id}. */
  static ContainerStartException startFailure(String id, String what, String message) {
    String detail = stripPrefixes(message);
    Matcher notFound = NO_SUCH_FILE.matcher(detail);
    Matcher exec = EXEC_FAILURE.matcher(detail);
    if (detail.contains("executable file not found") || notFound.find()) {
      String name = notFound.find(0) ? notFound.group(1) : exec.find() ? exec.group(1) : "?";
      return new ContainerStartException(
          Reason.EXECUTABLE_NOT_FOUND,
          "%s %s: exec: \"%s\": executable file not found in $PATH".formatted(what, id, name));
    }
    if (detail.contains("permission denied") && exec.find(0)) {
      return new ContainerStartException(
          Reason.PERMISSION_DENIED,
          "%s %s: exec: \"%s\": permission denied".formatted(what, id, exec.group(1)));
    }
    Optional<String> controller = missingController(detail);
    if (controller.isPresent()) {
      return new ContainerStartException(
          Reason.CGROUP_CONTROLLER_MISSING,
          "%s %s: the cgroup controller \"%s\" is not available on this host: %s"
              .formatted(what, id, controller.get(), detail));
    }
    return new ContainerStartException(
        Reason.RUNTIME_FAILED, "%s %s: runtime failed: %s".formatted(what, id, detail));
  }

  /** The error a short runc command ({@code kill}, {@code pause}) gave, with its kind. */
  static BerthException commandFailure(String operation, String id, String stderr) {
    String detail = stripPrefixes(lastLine(stderr));
    if (detail.contains("does not exist") || detail.contains("not found")) {
      return BerthException.notFound("%s container %s: no such container", operation, id);
    }
    if (detail.contains("not running")
        || detail.contains("is paused")
        || detail.contains("is stopped")
        || detail.contains("not paused")
        || detail.contains("cannot")
        || detail.contains("already")) {
      return BerthException.precondition("%s container %s: %s", operation, id, detail);
    }
    return BerthException.internal(
        "%s container %s: runtime failed: %s".formatted(operation, id, detail), null);
  }

  private static Optional<String> missingController(String detail) {
    if (!detail.contains("cgroup")) {
      return Optional.empty();
    }
    Matcher m = CGROUP.matcher(detail);
    if (m.find()) {
      return Optional.of(m.group(1));
    }
    Matcher mount = Pattern.compile("/sys/fs/cgroup/([a-z_,]+)[^ ]*: no such file").matcher(detail);
    return mount.find() ? Optional.of(mount.group(1)) : Optional.empty();
  }

  private static String stripPrefixes(String message) {
    String m = message.strip();
    for (String prefix :
        List.of(
            "runc run failed: ",
            "runc exec failed: ",
            "runc create failed: ",
            "unable to start container process: ",
            "unable to apply cgroup configuration: ")) {
      if (m.startsWith(prefix)) {
        m = m.substring(prefix.length());
      }
    }
    return m;
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1];
  }
}
