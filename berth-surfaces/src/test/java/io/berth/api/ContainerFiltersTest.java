package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.container.Container;
import io.berth.container.ContainerConfig;
import io.berth.container.ContainerState;
import io.berth.container.HostConfig;
import io.berth.container.MountPoint;
import io.berth.container.MountSpec;
import io.berth.errors.BerthException;
import io.berth.oci.Digest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The filters of {@code GET /containers/json} and {@code POST /containers/prune}. */
class ContainerFiltersTest {
  private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static final Container OLD =
      container("old", NOW.minusSeconds(48 * 3600), Map.of("keep", "no"), List.of());
  private static final Container MIDDLE =
      container(
          "middle",
          NOW.minusSeconds(3600),
          Map.of("keep", "yes", "tier", "db"),
          List.of(
              new MountPoint(
                  MountSpec.Type.VOLUME,
                  "data",
                  "/var/lib/berth/volumes/data/_data",
                  "/data",
                  false),
              new MountPoint(MountSpec.Type.BIND, "", "/srv/conf", "/etc/app", true)));
  private static final Container RECENT =
      container("recent", NOW.minusSeconds(60), Map.of("keep", "no"), List.of());
  private static final List<Container> ALL = List.of(RECENT, MIDDLE, OLD);

  private static Container container(
      String name, Instant created, Map<String, String> labels, List<MountPoint> mounts) {
    String id = (name + "0".repeat(64)).substring(0, 64).replaceAll("[^0-9a-f]", "a");
    ContainerConfig config =
        new ContainerConfig(
            "busybox",
            List.of("sh"),
            Optional.empty(),
            List.of(),
            "",
            "",
            labels,
            false,
            false,
            false,
            name,
            "",
            Optional.empty(),
            Optional.empty(),
            Set.of(),
            Set.of());
    return new Container(
        id,
        name,
        created,
        Digest.parse("sha256:" + "e".repeat(64)),
        "busybox",
        config,
        HostConfig.defaults(),
        "sh",
        List.of(),
        mounts,
        ContainerState.created(),
        Path.of("/tmp", name),
        Optional.empty());
  }

  private static Container find(String idOrName) {
    return ALL.stream()
        .filter(c -> c.name().equals(idOrName) || c.id().startsWith(idOrName))
        .findFirst()
        .orElseThrow(() -> BerthException.notFound("No such container: %s", idOrName));
  }

  private static List<String> listed(Map<String, List<String>> filters) {
    ContainerFilters f = ContainerFilters.list(new Filters(filters), ContainerFiltersTest::find);
    return ALL.stream().filter(f::accepts).map(Container::name).toList();
  }

  private static List<String> pruned(Map<String, List<String>> filters) {
    Predicate<Container> which = ContainerFilters.prune(new Filters(filters), CLOCK);
    return ALL.stream().filter(which).map(Container::name).toList();
  }

  @Test
  void pruneWithoutFiltersTakesEveryStoppedContainer() {
    assertThat(pruned(Map.of())).containsExactly("recent", "middle", "old");
  }

  @Test
  void pruneByLabelTakesOnlyTheMatchingContainers() {
    assertThat(pruned(Map.of("label", List.of("keep=no")))).containsExactly("recent", "old");
    assertThat(pruned(Map.of("label", List.of("tier")))).containsExactly("middle");
    assertThat(pruned(Map.of("label!", List.of("keep=no")))).containsExactly("middle");
    assertThat(pruned(Map.of("label!", List.of("keep")))).isEmpty();
  }

  @Test
  void pruneUntilSparesTheContainersCreatedAfterIt() {
    assertThat(pruned(Map.of("until", List.of("24h")))).containsExactly("old");
    assertThat(pruned(Map.of("until", List.of("10m")))).containsExactly("middle", "old");
    assertThat(pruned(Map.of("until", List.of("2024-06-01T11:00:00Z"))))
        .containsExactly("middle", "old");
    assertThat(pruned(Map.of("until", List.of(Long.toString(NOW.getEpochSecond() - 7200)))))
        .containsExactly("old");
    assertThat(pruned(Map.of("until", List.of("10m"), "label", List.of("keep=no"))))
        .containsExactly("old");
  }

  @Test
  void pruneRefusesTheFiltersItDoesNotKnow() {
    assertThatThrownBy(() -> pruned(Map.of("status", List.of("exited"))))
        .hasMessage("invalid filter 'status'");
    assertThatThrownBy(() -> pruned(Map.of("until", List.of("1h", "2h"))))
        .hasMessage("more than one until filter specified");
    assertThatThrownBy(() -> pruned(Map.of("until", List.of("later"))))
        .hasMessageStartingWith("invalid filter 'until=later'");
  }

  @Test
  void beforeAndSinceAreByCreationAgainstTheNamedContainer() {
    assertThat(listed(Map.of("before", List.of("middle")))).containsExactly("old");
    assertThat(listed(Map.of("since", List.of("middle")))).containsExactly("recent");
    assertThat(listed(Map.of("since", List.of("old"), "before", List.of("recent"))))
        .containsExactly("middle");
    assertThatThrownBy(() -> listed(Map.of("before", List.of("ghost"))))
        .hasMessage("No such container: ghost");
  }

  @Test
  void volumeMatchesAVolumeNameABindSourceOrADestination() {
    assertThat(listed(Map.of("volume", List.of("data")))).containsExactly("middle");
    assertThat(listed(Map.of("volume", List.of("/data")))).containsExactly("middle");
    assertThat(listed(Map.of("volume", List.of("/srv/conf")))).containsExactly("middle");
    assertThat(listed(Map.of("volume", List.of("/etc/app")))).containsExactly("middle");
    assertThat(listed(Map.of("volume", List.of("other")))).isEmpty();
  }

  @Test
  void nameIsARegularExpressionAndLabelsMustAllHold() {
    assertThat(listed(Map.of("name", List.of("^/?(old|recent)$"))))
        .containsExactly("recent", "old");
    assertThat(listed(Map.of("name", List.of("/middle")))).containsExactly("middle");
    assertThat(listed(Map.of("label", List.of("keep=yes", "tier=db")))).containsExactly("middle");
    assertThat(listed(Map.of("label", List.of("keep=yes", "tier=web")))).isEmpty();
  }

  @Test
  void isTaskAndIsolationAreThoseOfAnEngineWithoutSwarmOnLinux() {
    assertThat(listed(Map.of("is-task", List.of("false")))).hasSize(3);
    assertThat(listed(Map.of("is-task", List.of("true")))).isEmpty();
    assertThat(listed(Map.of("isolation", List.of("hyperv")))).isEmpty();
  }

  @Test
  void listRefusesUnknownFiltersAndValuesThatCannotBe() {
    assertThatThrownBy(() -> listed(Map.of("until", List.of("1h"))))
        .hasMessage("invalid filter 'until'");
    assertThatThrownBy(() -> listed(Map.of("exited", List.of("zero"))))
        .hasMessage("invalid filter 'exited=zero': not an integer");
    assertThatThrownBy(() -> listed(Map.of("status", List.of("sleeping"))))
        .hasMessageStartingWith("invalid filter 'status=sleeping': expected one of created,");
    assertThatThrownBy(() -> listed(Map.of("health", List.of("ok"))))
        .hasMessageStartingWith("invalid filter 'health=ok'");
    assertThat(listed(Map.of("status", List.of("created")))).hasSize(3);
    assertThat(listed(Map.of("status", List.of("exited")))).isEmpty();
  }
}
