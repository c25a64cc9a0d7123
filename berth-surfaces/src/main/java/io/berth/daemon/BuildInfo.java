package io.berth.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version, commit and build time the build wrote into the jar. */
final class BuildInfo {
  private static final Properties PROPERTIES = load();

  private BuildInfo() {}

  static String version() {
    return PROPERTIES.getProperty("version", "unknown");
  }

  static String gitCommit() {
    // TODO(#3): the build does not record its git commit yet.
    return PROPERTIES.getProperty("gitCommit", "unknown");
  }

  static String buildTime() {
    return PROPERTIES.getProperty("buildTime", "unknown");
  }

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/io/berth/cli/version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // an unreadable resource leaves the values "unknown"
    }
    return properties;
  }
}
