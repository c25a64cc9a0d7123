#!/bin/sh
# Installs, with apt-get, what building and testing berth needs on Debian 12, skipping what is
# already there. Run as root. docker-compose (v1) and python3-docker are the Docker tools that
# ComposeIT and DockerPyIT run against berth.
set -eu

packages="runc busybox-static skopeo umoci docker-registry iptables containernetworking-plugins
  zstd debootstrap uidmap tini xz-utils bzip2 git ca-certificates procps iproute2 tar apache2-utils
  docker-compose python3-docker"
command -v docker >/dev/null 2>&1 || packages="$packages docker.io"

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "berth: installing with apt-get:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# The Debian docker.io package starts its own daemon; berth's tests use only its CLI.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active -q docker 2>/dev/null; then
  systemctl stop docker docker.socket >/dev/null 2>&1 || true
fi

if [ ! -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  echo "berth: needs Java 25 at /usr/lib/jvm/temurin-25-jdk-amd64 (Temurin)" >&2
  exit 1
fi
