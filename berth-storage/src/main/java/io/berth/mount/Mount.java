package io.berth.mount;

import java.util.List;
import java.util.Objects;

/**
 * One filesystem mount as a snapshotter hands it to the runtime, in containerd's terms: a type
 * ({@code overlay}, {@code bind}), a source, and the options ({@code lowerdir=…}, {@code ro}). The
 * target is chosen by whoever mounts it, so it is not part of the value.
 */
public record Mount(String type, String source, List<String> options) {

  public Mount {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(source, "source");
    options = List.copyOf(options);
  }

  /** Whether the mount is read-only. */
  public boolean readOnly() {
    return options.contains("ro");
  }
}
