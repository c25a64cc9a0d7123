package io.berth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** berth's own version, written into the jar by the build. */
public final class Version implements IVersionProvider {
  private static final Properties PROPERTIES = load();

  /** The version of this build, such as {@code 0.1.0-SNAPSHOT}. */
  public static String current() {
    return property("version");
  }

  /** A build property: {@code version}, {@code buildTime}, {@code gitCommit}. */
  static String property(String name) {
    String value = PROPERTIES.getProperty(name, "unknown");
    return value.startsWith("${") ? "unknown" : value;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"berth version " + current()};
  }

  private static Properties load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
