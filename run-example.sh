#!/bin/sh
# The main job, end to end, on a fresh Debian 12 machine as root: installs what is missing,
# builds berth, starts its daemon, makes the base images once, and walks the Python example
# through the everyday workflow: build 1.0, run it, change the source, build 1.1 (the unchanged
# steps come from the cache), replace the container, and show the new output.
set -eu
cd "$(dirname "$0")"
here=$(pwd)
. scripts/env.sh

say() { printf '\n==> %s\n' "$*"; }
run() {
  printf '$ %s\n' "$*"
  "$@"
}

say "Installing what is missing (apt-get), once"
scripts/install-deps.sh

say "Building berth (Maven, Java 25)"
./mvnw -B -q -ntp package -DskipTests
bin/berth --version
berth="$here/bin/berth"

# The daemon: one per machine, on /run/berth/berth.sock, its state in /var/lib/berth.
socket=/run/berth/berth.sock
# (With BERTH_HOST set, the CLI only asks; without it, it would start a daemon by itself.)
if BERTH_HOST=unix://$socket "$berth" version >/dev/null 2>&1; then
  say "The berth daemon already answers on unix://$socket"
else
  say "Starting the berth daemon (log: /var/log/berth-daemon.log)"
  setsid "$berth" daemon >/var/log/berth-daemon.log 2>&1 </dev/null &
  tries=0
  until BERTH_HOST=unix://$socket "$berth" version >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -gt 60 ]; then
      echo "run-example: the daemon did not answer in 30 s; its log:" >&2
      tail -n 30 /var/log/berth-daemon.log >&2
      exit 1
    fi
    sleep 0.5
  done
fi
run "$berth" version

say "Making the base images busybox:latest and python:3-slim (once; cached afterwards)"
BERTH="$berth" scripts/make-base-images.sh
run "$berth" images

# Work on a copy of the example, so that changing its source leaves the repository alone.
work=$(mktemp -d /tmp/berth-example.XXXXXX)
cp -R examples/python-app/. "$work/"
cd "$work"
say "The example app, copied to $work: its Dockerfile"
cat Dockerfile

say "Step 1: build the image app:1.0 from the Dockerfile, layer by layer"
run "$berth" build -t app:1.0 .

say "Step 2: run it in the background as the container named app, its port 8000 published"
"$berth" rm -f app >/dev/null 2>&1 || true
run "$berth" run --name app -d -p 8000:8000 app:1.0
sleep 2
run "$berth" ps
say "What the app printed (berth logs app), and what it answers on http://localhost:8000/"
run "$berth" logs app
run busybox wget -q -O - http://127.0.0.1:8000/

say "Step 3: change the source: VERSION 1.0 becomes 1.1 in greeting.py"
sed -i 's/VERSION = "1.0"/VERSION = "1.1"/' greeting.py
grep "^VERSION" greeting.py

say "Step 4: build app:1.1; the steps before COPY come from the cache (CACHED)"
run "$berth" build -t app:1.1 .

say "Step 5: replace the container: remove the old one, run the new image under the same name"
run "$berth" rm -f app
run "$berth" run --name app -d -p 8000:8000 app:1.1
sleep 2
run "$berth" ps
say "What the new app printed (berth logs app), and what it answers now"
run "$berth" logs app
run busybox wget -q -O - http://127.0.0.1:8000/

say "Done. The images:"
run "$berth" images
cat <<MSG

The container app still runs, on http://localhost:8000/: 'bin/berth logs -f app' follows it,
'bin/berth rm -f app' removes it. The daemon keeps running too; the guide (docs/guide.md, in French
docs/guide.fr.md) walks the same steps by hand and explains each one.
MSG
