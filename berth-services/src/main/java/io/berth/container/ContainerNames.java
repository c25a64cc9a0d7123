package io.berth.container;

import io.berth.errors.BerthException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/** Container names and IDs as Docker makes them: the name rule, generated names, random IDs. */
public final class ContainerNames {

  private static final Pattern NAME = Pattern.compile("/?[a-zA-Z0-9][a-zA-Z0-9_.-]+");
  private static final RandomGenerator RANDOM = new SecureRandom();

  // berth's own short lists: a mood or a colour, and a ship's part or a harbour word.
  private static final List<String> LEFT =
      List.of(
          "amber", "brave", "calm", "clever", "crisp", "dapper", "eager", "fancy", "gentle",
          "golden", "happy", "humble", "jolly", "keen", "lively", "lucid", "merry", "misty",
          "nimble", "noble", "patient", "quiet", "rapid", "salty", "serene", "silver", "steady",
          "sunny", "swift", "tidy", "vivid", "witty");
  private static final List<String> RIGHT =
      List.of(
          "anchor",
          "beacon",
          "bollard",
          "bosun",
          "buoy",
          "cabin",
          "capstan",
          "compass",
          "cove",
          "crane",
          "deck",
          "dinghy",
          "dock",
          "ferry",
          "galley",
          "harbour",
          "hull",
          "jetty",
          "keel",
          "lantern",
          "lighthouse",
          "mast",
          "mooring",
          "oar",
          "pier",
          "quay",
          "rudder",
          "sail",
          "skiff",
          "tide",
          "wharf",
          "winch");

  private ContainerNames() {}

  /** {@code name} without its leading slash, once checked against Docker's rule. */
  public static String check(String name) {
    if (!NAME.matcher(name).matches()) {
      throw BerthException.invalid(
          "Invalid container name (%s), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", name);
    }
    return name.startsWith("/") ? name.substring(1) : name;
  }

  /** A name such as {@code swift_harbour}; {@code retry} above 0 adds a digit, as Docker does. */
  public static String generate(int retry) {
    String name =
        LEFT.get(RANDOM.nextInt(LEFT.size())) + "_" + RIGHT.get(RANDOM.nextInt(RIGHT.size()));
    return retry > 0 ? name + RANDOM.nextInt(10) : name;
  }

  /** A fresh 64-hex-digit ID. */
  public static String newId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String id = HexFormat.of().formatHex(bytes);
    // Docker avoids all-digit IDs, which a short prefix would confuse with a number.
    return id.chars().allMatch(Character::isDigit) ? newId() : id;
  }
}
