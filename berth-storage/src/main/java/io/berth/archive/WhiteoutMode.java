package io.berth.archive;

/** What an applier makes of a layer's OCI whiteouts. */
public enum WhiteoutMode {
  /**
   * The target is a plain directory holding the layers below: {@code .wh.x} removes {@code x}, and
   * {@code .wh..wh..opq} removes from its directory what was there before this layer.
   */
  DELETE,
  /**
   * The target is an overlayfs upper directory, as Docker's overlay2 driver keeps layers: {@code
   * .wh.x} becomes a 0:0 character device and {@code .wh..wh..opq} the {@code
   * trusted.overlay.opaque=y} attribute.
   */
  OVERLAY
}
