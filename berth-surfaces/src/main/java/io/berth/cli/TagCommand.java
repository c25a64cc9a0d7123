package io.berth.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth tag SOURCE TARGET}: another name for an image. */
@Command(name = "tag", description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE.")
final class TagCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "SOURCE_IMAGE[:TAG]")
  String source;

  @Parameters(index = "1", paramLabel = "TARGET_IMAGE[:TAG]")
  String target;

  @Override
  public Integer call() {
    References.RepoTag to = References.split(target);
    Map<String, String> query = new LinkedHashMap<>();
    query.put("repo", to.repository());
    query.put("tag", to.tag());
    context().client().post("/images/" + source + "/tag", query, null);
    return ExitCodes.OK;
  }
}
