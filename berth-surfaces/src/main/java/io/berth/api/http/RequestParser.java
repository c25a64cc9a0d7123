package io.berth.api.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads request heads off a connection, within limits on the request line and header sizes. */
public final class RequestParser {
  /** The longest request line accepted, in bytes. */
  public static final int MAX_REQUEST_LINE = 8 * 1024;

  /** The most header bytes accepted for one request. */
  public static final int MAX_HEADERS = 64 * 1024;

  private RequestParser() {}

  /**
   * The next request head, or empty when the peer closed the connection before sending one.
   *
   * @throws BadRequestException when the head is malformed or over a limit
   */
  public static Optional<HttpRequest> read(InputStream in) throws IOException, BadRequestException {
    String requestLine = readLine(in, MAX_REQUEST_LINE, 414, "request line");
    while (requestLine != null && requestLine.isEmpty()) {
      requestLine = readLine(in, MAX_REQUEST_LINE, 414, "request line");
    }
    if (requestLine == null) {
      return Optional.empty();
    }
    String[] parts = requestLine.split(" ", -1);
    if (parts.length != 3 || parts[0].isEmpty() || !parts[1].startsWith("/")) {
      throw new BadRequestException(400, "malformed request line: " + printable(requestLine));
    }
    if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
      throw new BadRequestException(400, "unsupported protocol " + printable(parts[2]));
    }
    Headers headers = readHeaders(in);
    String target = parts[1];
    int q = target.indexOf('?');
    String rawPath = q < 0 ? target : target.substring(0, q);
    String rawQuery = q < 0 ? "" : target.substring(q + 1);
    return Optional.of(
        new HttpRequest(
            parts[0], decode(rawPath, false), rawQuery, parseQuery(rawQuery), headers, parts[2]));
  }

  /** Decodes {@code a=1&b=x%20y&a=2} into names and their values in order. */
  public static Map<String, List<String>> parseQuery(String rawQuery) throws BadRequestException {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
      query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return query;
  }

  private static Headers readHeaders(InputStream in) throws IOException, BadRequestException {
    Headers headers = new Headers();
    int total = 0;
    while (true) {
      String line = readLine(in, MAX_HEADERS - total, 431, "request headers");
      if (line == null) {
        throw new BadRequestException(400, "connection closed inside the request headers");
      }
      if (line.isEmpty()) {
        return headers;
      }
      total += line.length() + 2;
      int colon = line.indexOf(':');
      if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(colon - 1) == ' ') {
        throw new BadRequestException(400, "malformed header line: " + printable(line));
      }
      headers.add(line.substring(0, colon), line.substring(colon + 1).trim());
    }
  }

  /** A CRLF- (or LF-) terminated line, or null at end of stream before any byte. */
  static String readLine(InputStream in, int limit, int overStatus, String what)
      throws IOException, BadRequestException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (line.size() == 0) {
          return null;
        }
        throw new BadRequestException(400, "connection closed inside the " + what);
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : 0;
        length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? length : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
      }
      if (line.size() >= limit) {
        throw new BadRequestException(overStatus, what + " longer than " + limit + " bytes");
      }
      line.write(b);
    }
  }

  private static String decode(String text, boolean plusIsSpace) throws BadRequestException {
    try {
      String raw = plusIsSpace ? text : text.replace("+", "%2B");
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(400, "malformed percent-encoding in " + printable(text));
    }
  }

  private static String printable(String text) {
    String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
    return '"' + shown.replaceAll("\\p{Cntrl}", "?") + '"';
  }
}
