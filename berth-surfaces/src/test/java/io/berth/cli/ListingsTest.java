package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.template.Formats;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Listing rows and their tables, templates and JSON, from API answers. */
class ListingsTest {
  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_100L);

  private static JsonNode json(String text) throws Exception {
    return Jsons.read(text.replace('\'', '"'));
  }

  private static String print(String format, boolean quiet, List<?> rows, Formats.Listing l) {
    StringWriter out = new StringWriter();
    Output.listing(new PrintWriter(out), format, quiet, rows, l, "{{.ID}}");
    return out.toString();
  }

  @Test
  void imagesShowOneRowPerTagAndNoneForDangling() throws Exception {
    JsonNode images =
        json(
            "[{'Id':'sha256:aaaaaaaaaaaaaaaaaaaa','RepoTags':['busybox:latest','docker.io/library/"
                + "busybox:1.36'],'RepoDigests':[],'Created':1700000097,'Size':4261376},"
                + "{'Id':'sha256:bbbbbbbbbbbbbbbbbbbb','RepoTags':[],'Created':1700000000,"
                + "'Size':1000}]");
    var rows = ImageRows.of(images, false, false, NOW);
    assertThat(print("", false, rows, ImagesCommand.LISTING))
        .isEqualTo(
            """
            REPOSITORY   TAG       IMAGE ID       CREATED              SIZE
            busybox      latest    aaaaaaaaaaaa   3 seconds ago        4.26MB
            busybox      1.36      aaaaaaaaaaaa   3 seconds ago        4.26MB
            <none>       <none>    bbbbbbbbbbbb   About a minute ago   1kB
            """);
    assertThat(print("", true, rows, ImagesCommand.LISTING))
        .isEqualTo("aaaaaaaaaaaa\naaaaaaaaaaaa\nbbbbbbbbbbbb\n");
    assertThat(print("{{.Repository}}:{{.Tag}}", false, rows, ImagesCommand.LISTING))
        .isEqualTo("busybox:latest\nbusybox:1.36\n<none>:<none>\n");
  }

  @Test
  void containersShowDockersColumns() throws Exception {
    JsonNode containers =
        json(
            "[{'Id':'0123456789abcdef0123','Names':['/web'],'Image':'busybox',"
                + "'ImageID':'sha256:aaaa','Command':'sleep 30 && echo done and more',"
                + "'Created':1700000097,'State':'running','Status':'Up 3 seconds',"
                + "'Ports':[{'PrivatePort':80,'Type':'tcp'}],'Labels':{'a':'b'}}]");
    var rows = ContainerRows.of(containers, false, NOW);
    assertThat(print("", false, rows, PsCommand.LISTING))
        .isEqualTo(
            "CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS         "
                + "PORTS     NAMES\n"
                + "0123456789ab   busybox   \"sleep 30 && echo do…\"   3 seconds ago   "
                + "Up 3 seconds   80/tcp    web\n");
    assertThat(print("json", false, rows, PsCommand.LISTING))
        .contains("\"Names\":\"web\"")
        .contains("\"Labels\":\"a=b\"");
    assertThat(print("table {{.Names}}\\t{{.State}}", false, rows, PsCommand.LISTING))
        .isEqualTo("NAMES     STATE\nweb       running\n");
  }

  @Test
  void volumesAndHistory() throws Exception {
    JsonNode volumes = json("[{'Name':'data','Driver':'local','Labels':null}]");
    assertThat(print("", false, VolumeRows.of(volumes), VolumeLsCommand.LISTING))
        .isEqualTo("DRIVER    VOLUME NAME\nlocal     data\n");
    HistoryCommand history = new HistoryCommand();
    JsonNode layers =
        json(
            "[{'Id':'sha256:cccccccccccccccccccc','Created':1700000040,'CreatedBy':"
                + "'/bin/sh -c #(nop) ADD file:0123456789abcdef0123456789 in / ','Size':4261376,"
                + "'Comment':'imported'}]");
    assertThat(print("", false, history.rows(layers, NOW), HistoryCommand.LISTING))
        .isEqualTo(
            "IMAGE          CREATED              CREATED BY                                      "
                + "SIZE      COMMENT\n"
                + "cccccccccccc   About a minute ago   /bin/sh -c #(nop) ADD file:0123456789abcdef0…"
                + "   4.26MB    imported\n");
  }

  @Test
  void inspectIndentsAsDockerDoes() throws Exception {
    JsonNode object = json("{'Id':'x','Config':{'Env':[],'Labels':{},'Cmd':['sh']}}");
    assertThat(JsonIndent.array(List.of(object)))
        .isEqualTo(
            """
            [
                {
                    "Id": "x",
                    "Config": {
                        "Env": [],
                        "Labels": {},
                        "Cmd": [
                            "sh"
                        ]
                    }
                }
            ]""");
    StringWriter out = new StringWriter();
    Output.inspect(
        new PrintWriter(out), java.util.Optional.of("{{json .Config.Cmd}}"), List.of(object));
    assertThat(out.toString()).isEqualTo("[\"sh\"]\n");
  }

  @Test
  void diskUsageSummarises() throws Exception {
    JsonNode df =
        json(
            "{'LayersSize':4261376,'Images':[{'Id':'sha256:a','Size':4261376,'SharedSize':0,"
                + "'Containers':0}],'Containers':[],'Volumes':[],'BuildCache':[]}");
    assertThat(print("", false, SystemDfCommand.rows(df), SystemDfCommand.LISTING))
        .isEqualTo(
            """
            TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE
            Images          1         0         4.261MB   4.261MB (100%)
            Containers      0         0         0B        0B
            Local Volumes   0         0         0B        0B
            Build Cache     0         0         0B        0B
            """);
  }
}
