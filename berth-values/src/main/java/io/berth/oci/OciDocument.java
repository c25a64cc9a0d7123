package io.berth.oci;

/** One of the JSON documents an image is made of, as {@link OciJson#parseAny} tells them apart. */
public sealed interface OciDocument permits Manifest, Index, ImageConfig {}
