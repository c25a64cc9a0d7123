package io.berth.oci;

import io.berth.errors.BerthException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A content digest as the OCI image spec writes it, {@code algorithm:hex}: the address of a blob.
 * Only sha256 (the default) and sha512 are accepted. A layer's uncompressed digest is a {@link
 * DiffId} and a layer chain's is a {@link ChainId}, so none can be passed for another.
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {

  public static final String SHA256 = "sha256";
  public static final String SHA512 = "sha512";

  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    int length =
        switch (algorithm) {
          case SHA256 -> 64;
          case SHA512 -> 128;
          default ->
              throw BerthException.invalid(
                  "invalid digest algorithm \"%s\": expected sha256 or sha512", algorithm);
        };
    if (hex.length() != length) {
      throw BerthException.invalid(
          "invalid %s digest \"%s\": expected %d hex digits, got %d",
          algorithm, hex, length, hex.length());
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw BerthException.invalid(
            "invalid %s digest \"%s\": character %d is not a lowercase hex digit",
            algorithm, hex, i + 1);
      }
    }
  }

  /** Parses {@code sha256:<64 hex>} or {@code sha512:<128 hex>}. */
  public static Digest parse(String text) {
    Objects.requireNonNull(text, "digest");
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw BerthException.invalid("invalid digest \"%s\": expected algorithm:hex", text);
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  /** Whether {@code text} parses as a digest. */
  public static boolean isDigest(String text) {
    try {
      parse(text);
      return true;
    } catch (BerthException e) {
      return false;
    }
  }

  /** The sha256 digest of {@code bytes}. */
  public static Digest sha256(byte[] bytes) {
    return of(SHA256, newMessageDigest(SHA256).digest(bytes));
  }

  /** Wraps the finished value of a {@link MessageDigest} made by {@link #newMessageDigest}. */
  public static Digest of(String algorithm, byte[] digestBytes) {
    return new Digest(algorithm, HexFormat.of().formatHex(digestBytes));
  }

  /** A fresh {@link MessageDigest} for sha256 or sha512. */
  public static MessageDigest newMessageDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(
          switch (algorithm) {
            case SHA256 -> "SHA-256";
            case SHA512 -> "SHA-512";
            default -> throw BerthException.invalid("unsupported digest algorithm %s", algorithm);
          });
    } catch (NoSuchAlgorithmException e) {
      throw BerthException.internal("the JDK lacks " + algorithm, e);
    }
  }

  /** The first 12 hex digits, as Docker shows image and container IDs. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  @Override
  public int compareTo(Digest other) {
    return toString().compareTo(other.toString());
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
