package io.berth.api.http;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A connection taken over after {@code 101 UPGRADED}: raw bytes both ways, as attach and exec use
 * them. Closing {@code output} ends the connection once the handler returns.
 */
public record Hijacked(InputStream input, OutputStream output) {}
