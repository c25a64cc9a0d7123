package io.berth.cli.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormatsTest {
  private static final Formats.Listing PS =
      new Formats.Listing(
          "{{.ID}}\\t{{.Image}}\\t{{.Names}}",
          "container_id: {{.ID}}\\nimage: {{.Image}}\\n",
          Map.of("ID", "CONTAINER ID", "Image", "IMAGE", "Names", "NAMES"));

  private static Map<String, Object> row(String id, String image, String names) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", id);
    m.put("Image", image);
    m.put("Names", names);
    return m;
  }

  private static final List<Map<String, Object>> ROWS =
      List.of(row("4f3a2b1c0d9e", "mon_image:1.0", "mon_conteneur"), row("0aa1", "busybox", "x"));

  @Test
  void tableAlignsColumnsLikeDockersTabwriter() {
    // Column widths: max(cell + 3 padding, 10): ID column 12+3 = 15, IMAGE column 13+3 = 16.
    assertThat(Formats.render("table", ROWS, PS))
        .isEqualTo(
            "CONTAINER ID   IMAGE           NAMES\n"
                + "4f3a2b1c0d9e   mon_image:1.0   mon_conteneur\n"
                + "0aa1           busybox         x\n");
  }

  @Test
  void tableWithATemplateBuildsTheHeaderFromTheFieldNames() {
    assertThat(Formats.render("table {{.ID}}\\t{{.Names}}", ROWS, PS))
        .isEqualTo(
            "CONTAINER ID   NAMES\n" + "4f3a2b1c0d9e   mon_conteneur\n" + "0aa1           x\n");
    assertThat(Formats.render("table {{.Names}}\\t{{.Unknown}}", List.of(), PS))
        .isEqualTo("NAMES     \n"); // Go pads a tab-terminated cell even before an empty one
  }

  @Test
  void shortColumnsGetTheMinimumWidth() {
    Formats.Listing l = new Formats.Listing("{{.A}}\\t{{.B}}", "", Map.of("A", "A", "B", "B"));
    assertThat(Formats.render("table", List.of(Map.of("A", "1", "B", "2")), l))
        .isEqualTo("A         B\n" + "1         2\n");
  }

  @Test
  void plainTemplateJsonAndRaw() {
    assertThat(Formats.render("{{.Names}}: {{.Image}}", ROWS, PS))
        .isEqualTo("mon_conteneur: mon_image:1.0\nx: busybox\n");
    assertThat(Formats.render("json", ROWS.subList(1, 2), PS))
        .isEqualTo("{\"ID\":\"0aa1\",\"Image\":\"busybox\",\"Names\":\"x\"}\n");
    assertThat(Formats.render("raw", ROWS.subList(1, 2), PS))
        .isEqualTo("container_id: 0aa1\nimage: busybox\n\n");
    assertThat(Formats.isTable("")).isTrue();
    assertThat(Formats.isTable("table {{.ID}}")).isTrue();
    assertThat(Formats.isTable("{{.ID}}")).isFalse();
  }

  @Test
  void tabWriterFollowsGoColumnBlocks() {
    StringBuilder out = new StringBuilder();
    TabWriter.docker(out)
        .write("a\tb\n")
        .write("no tabs here\n")
        .write("longercell\tc\n")
        .write("x\t\tlast\n")
        .write("tail")
        .flush();
    // A line without a tab ends the block; "x" starts one with two columns: the first is
    // max(10+3, 1+3, 10) = 13 wide (shared with "longercell"), the second holds an empty cell.
    assertThat(out.toString())
        .isEqualTo(
            "a         b\n"
                + "no tabs here\n"
                + "longercell   c\n"
                + "x                      last\n"
                + "tail");
  }
}
