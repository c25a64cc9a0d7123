package io.berth.cli;

import io.berth.errors.BerthException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Splitting {@code repo:tag} as docker's CLI does, and query strings with repeated keys. */
final class References {
  private References() {}

  /** A reference split into repository and tag; the tag is {@code latest} when none is given. */
  record RepoTag(String repository, String tag) {}

  static RepoTag split(String reference) {
    if (reference.isEmpty()) {
      throw BerthException.invalid("invalid reference format: the reference is empty");
    }
    int at = reference.indexOf('@');
    if (at >= 0) {
      return new RepoTag(reference.substring(0, at), reference.substring(at));
    }
    int colon = reference.lastIndexOf(':');
    if (colon > reference.lastIndexOf('/')) {
      return new RepoTag(reference.substring(0, colon), reference.substring(colon + 1));
    }
    return new RepoTag(reference, "latest");
  }

  /** {@code ?key=v1&key=v2}: a query string with one key repeated, which a map cannot hold. */
  static String repeated(String key, List<String> values) {
    StringBuilder query = new StringBuilder();
    for (String value : values) {
      query.append(query.isEmpty() ? '?' : '&').append(key).append('=');
      query.append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
    return query.toString();
  }
}
