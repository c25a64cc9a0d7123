package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows of {@code berth images}: one per repository and tag (and digest with {@code --digests}),
 * {@code <none>} for what an image lacks, with docker's fields for templates.
 */
final class ImageRows {
  static final DateTimeFormatter GO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx z").withZone(ZoneId.systemDefault());

  private ImageRows() {}

  static List<Map<String, Object>> of(
      JsonNode images, boolean digests, boolean noTrunc, Instant now) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode image : images) {
      Map<String, List<String>> tags = grouped(image.path("RepoTags"), ':');
      Map<String, List<String>> repoDigests = grouped(image.path("RepoDigests"), '@');
      for (Map.Entry<String, List<String>> repo : tags.entrySet()) {
        List<String> ds = repoDigests.remove(repo.getKey());
        for (String tag : repo.getValue()) {
          if (!digests || ds == null) {
            rows.add(row(image, repo.getKey(), tag, "<none>", noTrunc, now));
          } else {
            ds.forEach(d -> rows.add(row(image, repo.getKey(), tag, d, noTrunc, now)));
          }
        }
      }
      for (Map.Entry<String, List<String>> repo : repoDigests.entrySet()) {
        if (digests) {
          repo.getValue()
              .forEach(d -> rows.add(row(image, repo.getKey(), "<none>", d, noTrunc, now)));
        } else {
          rows.add(row(image, repo.getKey(), "<none>", "<none>", noTrunc, now));
        }
      }
      if (tags.isEmpty() && repoDigests.isEmpty()) {
        rows.add(row(image, "<none>", "<none>", "<none>", noTrunc, now));
      }
    }
    return rows;
  }

  /** {@code repo:tag} (or {@code repo@digest}) references grouped by familiar repository. */
  private static Map<String, List<String>> grouped(JsonNode references, char separator) {
    Map<String, List<String>> byRepo = new TreeMap<>();
    for (JsonNode reference : references) {
      String text = reference.asText();
      if (text.equals("<none>:<none>") || text.equals("<none>@<none>")) {
        continue;
      }
      int at = separator == '@' ? text.indexOf('@') : text.lastIndexOf(':');
      if (at <= 0 || (separator == ':' && text.indexOf('/', at) >= 0)) {
        continue;
      }
      byRepo
          .computeIfAbsent(familiar(text.substring(0, at)), k -> new ArrayList<>())
          .add(text.substring(at + 1));
    }
    return byRepo;
  }

  /** docker's familiar name: {@code docker.io/library/busybox} is {@code busybox}. */
  static String familiar(String repository) {
    if (repository.startsWith("docker.io/library/")) {
      return repository.substring("docker.io/library/".length());
    }
    if (repository.startsWith("docker.io/")) {
      return repository.substring("docker.io/".length());
    }
    return repository;
  }

  private static Map<String, Object> row(
      JsonNode image, String repo, String tag, String digest, boolean noTrunc, Instant now) {
    long created = image.path("Created").asLong();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("Containers", containers(image.path("Containers").asLong(-1)));
    row.put("CreatedAt", GO_TIME.format(Instant.ofEpochSecond(created)));
    row.put(
        "CreatedSince", created == 0 ? "N/A" : HumanUnits.ago(Instant.ofEpochSecond(created), now));
    row.put("Digest", digest);
    row.put("ID", Ids.shown(image.path("Id").asText(), noTrunc));
    row.put("Repository", repo);
    row.put("SharedSize", size(image.path("SharedSize").asLong(-1)));
    row.put("Size", HumanUnits.humanSize(image.path("Size").asLong(), 3));
    row.put("Tag", tag);
    long shared = image.path("SharedSize").asLong(-1);
    row.put("UniqueSize", shared < 0 ? "N/A" : size(image.path("Size").asLong() - shared));
    row.put("VirtualSize", HumanUnits.humanSize(image.path("Size").asLong(), 3));
    return row;
  }

  private static String containers(long n) {
    return n < 0 ? "N/A" : Long.toString(n);
  }

  /** Shared and unique sizes: go-units {@code HumanSize} (four digits), as docker shows them. */
  private static String size(long n) {
    return n < 0 ? "N/A" : HumanUnits.humanSize(n);
  }
}
