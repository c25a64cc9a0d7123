package io.berth.oci;

import io.berth.errors.BerthException;
import java.util.Objects;

/** The {@code oci-layout} file at the root of an OCI image layout (image-layout.md). */
public record OciLayout(String imageLayoutVersion) {

  public static final String VERSION = "1.0.0";

  public OciLayout {
    Objects.requireNonNull(imageLayoutVersion, "imageLayoutVersion");
    if (!imageLayoutVersion.equals(VERSION)) {
      throw BerthException.invalid(
          "invalid oci-layout: imageLayoutVersion is \"%s\", expected \"%s\"",
          imageLayoutVersion, VERSION);
    }
  }

  /** The one version berth writes and reads. */
  public static OciLayout current() {
    return new OciLayout(VERSION);
  }
}
