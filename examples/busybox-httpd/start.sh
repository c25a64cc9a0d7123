#!/bin/sh
# Prints the page's title, so `berth logs` shows which version runs, then runs the command
# it is given (the image's CMD: httpd). It stays as the container's first process and passes
# SIGTERM on, so that `berth stop` ends httpd at once.
set -eu
title=$(sed -n 's:.*<title>\(.*\)</title>.*:\1:p' /www/index.html | head -n 1)
echo "Serving \"$title\" from /www"
"$@" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null || true' TERM INT
# The first wait returns when the trap runs; the second one collects httpd's exit status.
wait "$child" || true
wait "$child"
