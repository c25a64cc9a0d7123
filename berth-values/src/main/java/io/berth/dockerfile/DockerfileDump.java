package io.berth.dockerfile;

/**
 * A stable textual dump of a parsed Dockerfile, one line per instruction, used by the test cases
 * and handy when debugging the frontend.
 */
public final class DockerfileDump {

  private DockerfileDump() {}

  /** The dump: directives, global ARGs, then each stage and its instructions. */
  public static String dump(Dockerfile df) {
    StringBuilder out = new StringBuilder();
    out.append("directives ").append(df.directives()).append('\n');
    df.warnings().forEach(w -> out.append("warning ").append(w).append('\n'));
    df.globalArgs().forEach(a -> out.append("global ").append(a).append('\n'));
    for (Stage s : df.stages()) {
      out.append("stage ").append(s.index()).append(' ').append(s.from()).append('\n');
      s.instructions().forEach(i -> out.append("  ").append(i).append('\n'));
    }
    return out.toString();
  }
}
