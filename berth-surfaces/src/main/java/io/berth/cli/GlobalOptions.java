package io.berth.cli;

import java.util.Optional;

/** The options given before the command: {@code -H}, {@code -D}, {@code -l}. */
record GlobalOptions(Optional<String> host, boolean debug, String logLevel) {}
