package io.berth.dockerfile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One build stage: its position, the FROM that opens it and the instructions after it. */
public record Stage(int index, Instruction.From from, List<Instruction> instructions) {

  public Stage {
    if (index < 0) {
      throw new IllegalArgumentException("stage index must be >= 0, got " + index);
    }
    Objects.requireNonNull(from, "from");
    instructions = List.copyOf(instructions);
  }

  /** The base image or stage, raw. */
  public String baseName() {
    return from.image();
  }

  /** The {@code --platform} of the FROM, raw. */
  public Optional<String> platform() {
    return from.platform();
  }

  /** The {@code AS} name, as written. */
  public Optional<String> name() {
    return from.stageName();
  }
}
