package io.berth.cli.template;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * docker's {@code --format} conventions for listings: {@code table [template]} (aligned columns
 * under a header), {@code json} (one object per line), {@code raw} (the command's raw template), or
 * any other text as a template executed once per item.
 */
public final class Formats {
  private Formats() {}

  /** How a listing command renders its items; the caller gives its own defaults. */
  public record Listing(String defaultTable, String raw, Map<String, String> headers) {
    public Listing {
      headers = Map.copyOf(headers);
    }
  }

  /**
   * Renders {@code items} as {@code format} says; an empty format means the default table. {@code
   * \t} and {@code \n} typed literally are turned into tab and newline, as docker does.
   */
  public static String render(String format, List<?> items, Listing listing) {
    String f = format == null || format.isBlank() ? "table" : format;
    if (f.equals("json")) {
      return each(Template.parse("{{json .}}"), items);
    }
    if (f.equals("raw")) {
      return each(Template.parse(prepare(listing.raw())), items);
    }
    if (f.equals("table") || f.startsWith("table ")) {
      String body = f.equals("table") ? listing.defaultTable() : f.substring("table ".length());
      return table(Template.parse(prepare(strip(body))), items, listing.headers());
    }
    return each(Template.parse(prepare(f)), items);
  }

  /** Whether {@code format} asks for a table. */
  public static boolean isTable(String format) {
    return format == null
        || format.isBlank()
        || format.equals("table")
        || format.startsWith("table ");
  }

  /** docker's escapes: a typed {@code \t} or {@code \n} becomes a tab or a newline. */
  public static String prepare(String format) {
    return strip(format).replace("\\t", "\t").replace("\\n", "\n");
  }

  private static String strip(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) == ' ') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == ' ') {
      end--;
    }
    return text.substring(start, end);
  }

  private static String each(Template template, List<?> items) {
    StringBuilder out = new StringBuilder();
    for (Object item : items) {
      out.append(template.execute(item)).append('\n');
    }
    return out.toString();
  }

  private static String table(Template template, List<?> items, Map<String, String> headers) {
    StringBuilder out = new StringBuilder();
    TabWriter writer = TabWriter.docker(out);
    writer.write(template.execute(new HeaderRow(headers))).write("\n");
    for (Object item : items) {
      writer.write(template.execute(item)).write("\n");
    }
    writer.flush();
    return out.toString();
  }

  /**
   * The header "item": every field is its header text, unknown fields are blank. TODO(#3): a nested
   * field such as {@code .Config.Image} in a table template fails on the header row; docker's
   * header contexts have the same shape limit but name such columns.
   */
  private static final class HeaderRow extends AbstractMap<String, Object> {
    private final Map<String, String> headers;

    HeaderRow(Map<String, String> headers) {
      this.headers = headers;
    }

    @Override
    public boolean containsKey(Object key) {
      return true;
    }

    @Override
    public Object get(Object key) {
      return headers.getOrDefault(String.valueOf(key), "");
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return Map.<String, Object>copyOf(headers).entrySet();
    }
  }
}
