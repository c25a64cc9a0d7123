package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The global options read ahead of picocli, and when the scan gives up. */
class LeadingArgsTest {

  @Test
  void findsTheCommandWordAfterGlobalOptionsAndTheirValues() {
    LeadingArgs args = LeadingArgs.scan(new String[] {"-H", "unix:///x.sock", "-D", "ps", "-a"});
    assertThat(args.command()).contains(3);
    assertThat(args.host()).contains("unix:///x.sock");
    assertThat(args.understood()).isTrue();
    assertThat(LeadingArgs.scan(new String[] {"-l", "debug", "run", "-H", "h"}).host()).isEmpty();
  }

  @Test
  void readsTheHostInEachOfItsForms() {
    assertThat(LeadingArgs.scan(new String[] {"--host=unix:///a", "ps"}).host())
        .contains("unix:///a");
    assertThat(LeadingArgs.scan(new String[] {"-Hunix:///b", "ps"}).host()).contains("unix:///b");
    assertThat(LeadingArgs.scan(new String[] {"--host", "unix:///c", "ps"}).host())
        .contains("unix:///c");
  }

  @Test
  void anUnknownOptionMakesTheScanGiveUp() {
    LeadingArgs args = LeadingArgs.scan(new String[] {"--bogus", "ps"});
    assertThat(args.understood()).isFalse();
    assertThat(args.command()).isEqualTo(Optional.empty());
  }

  @Test
  void onlyTheVersionFlagAloneNeedsNoCommand() {
    assertThat(LeadingArgs.scan(new String[] {"--version"}).onlyVersion()).isTrue();
    assertThat(LeadingArgs.scan(new String[] {"-D", "-V"}).onlyVersion()).isTrue();
    assertThat(LeadingArgs.scan(new String[] {"-V", "--help"}).onlyVersion()).isFalse();
    assertThat(LeadingArgs.scan(new String[] {"-V", "ps"}).onlyVersion()).isFalse();
    assertThat(LeadingArgs.scan(new String[] {}).onlyVersion()).isFalse();
  }

  @Test
  void onlyKnownCommandsWithoutHelpReachTheDaemonEarly() {
    assertThat(Commands.reachesDaemon(new String[] {"ps"})).isTrue();
    assertThat(Commands.reachesDaemon(new String[] {"container", "ls"})).isTrue();
    assertThat(Commands.reachesDaemon(new String[] {"run", "--help"})).isFalse();
    assertThat(Commands.reachesDaemon(new String[] {"help", "run"})).isFalse();
    assertThat(Commands.reachesDaemon(new String[] {"frobnicate"})).isFalse();
    assertThat(Commands.reachesDaemon(new String[] {"--version"})).isFalse();
  }
}
