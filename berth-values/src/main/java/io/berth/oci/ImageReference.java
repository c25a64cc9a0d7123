package io.berth.oci;

import io.berth.errors.BerthException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A normalised image reference, {@code domain/path[:tag][@digest]}, following the grammar of the
 * distribution project's reference package and Docker's normalisation: {@code mon_image:1.0} is
 * {@code docker.io/library/mon_image:1.0}.
 */
public record ImageReference(
    String domain, String path, Optional<String> tag, Optional<Digest> digest) {

  public static final String DEFAULT_DOMAIN = "docker.io";
  public static final String DEFAULT_TAG = "latest";
  private static final String LEGACY_DOMAIN = "index.docker.io";
  private static final String OFFICIAL_PREFIX = "library/";
  private static final int NAME_MAX = 255;

  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String IPV6 = "\\[[a-fA-F0-9:]+\\]";
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|" + IPV6 + ")(?::[0-9]+)?");
  private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[_.]|__|-+)[a-z0-9]+)*";
  private static final Pattern PATH =
      Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern FULL_ID = Pattern.compile("(?:sha256:)?[a-f0-9]{64}");
  private static final Pattern ID_PREFIX = Pattern.compile("(?:sha256:)?[a-f0-9]{1,64}");

  public ImageReference {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(digest, "digest");
    if (!DOMAIN.matcher(domain).matches()) {
      throw BerthException.invalid("invalid reference format: invalid domain \"%s\"", domain);
    }
    if (!PATH.matcher(path).matches()) {
      throw BerthException.invalid(
          "invalid reference format: invalid repository path \"%s\"", path);
    }
    if (domain.length() + 1 + path.length() > NAME_MAX) {
      throw BerthException.invalid(
          "invalid reference format: repository name (%s/%s) must not be more than %d characters",
          domain, path, NAME_MAX);
    }
    tag.ifPresent(
        t -> {
          if (!TAG.matcher(t).matches()) {
            throw BerthException.invalid("invalid tag format \"%s\"", t);
          }
        });
  }

  /**
   * Parses and normalises a reference as {@code docker pull} and {@code docker run} do: the default
   * domain and {@code library/} are added, and {@code latest} when there is neither a tag nor a
   * digest.
   */
  public static ImageReference parse(String text) {
    ImageReference ref = parseNormalized(text);
    return ref.tag.isEmpty() && ref.digest.isEmpty() ? ref.withTag(DEFAULT_TAG) : ref;
  }

  /** Like {@link #parse} but without adding {@code latest}: a bare name stays a repository. */
  public static ImageReference parseNormalized(String text) {
    Objects.requireNonNull(text, "reference");
    if (text.isEmpty()) {
      throw BerthException.invalid(
          "invalid reference format: repository name must have at least one component");
    }
    if (FULL_ID.matcher(text).matches() && !text.startsWith("sha256:")) {
      throw BerthException.invalid(
          "invalid repository name (%s), cannot specify 64-byte hexadecimal strings", text);
    }

    // Split off the digest, then the tag: a ':' after the last '/' starts a tag.
    String rest = text;
    Optional<Digest> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = Optional.of(parseDigest(text, rest.substring(at + 1)));
      rest = rest.substring(0, at);
    }
    Optional<String> tag = Optional.empty();
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      String t = rest.substring(colon + 1);
      if (!TAG.matcher(t).matches()) {
        throw BerthException.invalid("invalid reference format: invalid tag in \"%s\"", text);
      }
      tag = Optional.of(t);
      rest = rest.substring(0, colon);
    }

    // Split the domain off the name the way Docker does.
    String domain = DEFAULT_DOMAIN;
    String path = rest;
    int slash = rest.indexOf('/');
    if (slash >= 0 && looksLikeDomain(rest.substring(0, slash))) {
      domain = rest.substring(0, slash);
      path = rest.substring(slash + 1);
    }
    if (domain.equals(LEGACY_DOMAIN)) {
      domain = DEFAULT_DOMAIN;
    }
    if (domain.equals(DEFAULT_DOMAIN) && path.indexOf('/') < 0) {
      path = OFFICIAL_PREFIX + path;
    }
    if (!path.equals(path.toLowerCase(java.util.Locale.ROOT))) {
      throw BerthException.invalid(
          "invalid reference format: repository name (%s) must be lowercase", path);
    }
    if (path.isEmpty() || !PATH.matcher(path).matches() || !DOMAIN.matcher(domain).matches()) {
      throw BerthException.invalid("invalid reference format: \"%s\"", text);
    }
    return new ImageReference(domain, path, tag, digest);
  }

  /** Whether {@code text} is a full image ID: 64 hex digits, with or without {@code sha256:}. */
  public static boolean isFullImageId(String text) {
    return FULL_ID.matcher(text).matches();
  }

  /**
   * Whether {@code text} could be an image ID or a prefix of one (Docker accepts any unique
   * prefix). Such a text may also be a valid name, so callers try the name first, as Docker does.
   */
  public static boolean isImageIdPrefix(String text) {
    return ID_PREFIX.matcher(text).matches();
  }

  /** {@code domain/path}, e.g. {@code docker.io/library/mon_image}. */
  public String repository() {
    return domain + "/" + path;
  }

  /** The repository as {@code docker images} shows it: {@code mon_image}, {@code foo/bar}. */
  public String familiarName() {
    if (!domain.equals(DEFAULT_DOMAIN)) {
      return repository();
    }
    if (path.startsWith(OFFICIAL_PREFIX) && path.indexOf('/', OFFICIAL_PREFIX.length()) < 0) {
      return path.substring(OFFICIAL_PREFIX.length());
    }
    return path;
  }

  /** The reference in familiar form: {@code mon_image:1.0}, {@code localhost:5000/x@sha256:…}. */
  public String familiarString() {
    return familiarName() + suffix();
  }

  /** This reference with {@code newTag}, keeping any digest. */
  public ImageReference withTag(String newTag) {
    return new ImageReference(domain, path, Optional.of(newTag), digest);
  }

  /** This reference with {@code newDigest}, keeping any tag. */
  public ImageReference withDigest(Digest newDigest) {
    return new ImageReference(domain, path, tag, Optional.of(newDigest));
  }

  /** The bare repository, without tag or digest. */
  public ImageReference withoutTagOrDigest() {
    return new ImageReference(domain, path, Optional.empty(), Optional.empty());
  }

  /** The full form: {@code docker.io/library/mon_image:1.0}. */
  @Override
  public String toString() {
    return repository() + suffix();
  }

  private String suffix() {
    return tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }

  private static boolean looksLikeDomain(String first) {
    return first.contains(".")
        || first.contains(":")
        || first.equals("localhost")
        || !first.equals(first.toLowerCase(java.util.Locale.ROOT));
  }

  private static Digest parseDigest(String text, String digest) {
    try {
      return Digest.parse(digest);
    } catch (BerthException e) {
      throw BerthException.invalid(
          "invalid reference format: invalid digest in \"%s\": %s", text, e.getMessage());
    }
  }
}
