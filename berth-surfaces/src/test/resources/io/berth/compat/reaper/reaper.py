"""A resource reaper speaking Testcontainers' Ryuk protocol, for engines without Docker Hub.

Clients connect over TCP and send filters, one line each, as a URL query string such as
"label=org.testcontainers.sessionId%3Dabc"; each line is answered "ACK". When the last client
has been gone for RYUK_RECONNECTION_TIMEOUT (or none came within RYUK_CONNECTION_TIMEOUT), the
containers, networks, volumes and images matching any filter are removed through the engine's
socket, and the reaper exits.
"""

import http.client
import json
import os
import socket
import sys
import threading
import urllib.parse

ENGINE_SOCKET = os.environ.get("RYUK_DOCKER_SOCKET", "/var/run/docker.sock")
PORT = int(os.environ.get("RYUK_PORT", "8080"))


def seconds(name, default):
    text = os.environ.get(name, default).rstrip("s")
    return float(text)


CONNECTION_TIMEOUT = seconds("RYUK_CONNECTION_TIMEOUT", "60")
RECONNECTION_TIMEOUT = seconds("RYUK_RECONNECTION_TIMEOUT", "10")


class EngineConnection(http.client.HTTPConnection):
    """HTTP to the engine over its unix socket."""

    def __init__(self):
        super().__init__("localhost", timeout=60)

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(ENGINE_SOCKET)


def call(method, path):
    engine = EngineConnection()
    try:
        engine.request(method, path)
        response = engine.getresponse()
        body = response.read()
        return response.status, json.loads(body) if body.strip() else None
    finally:
        engine.close()


class Reaper:
    def __init__(self):
        self.lock = threading.Condition()
        self.filters = []
        self.clients = 0
        self.ever_connected = False

    def serve(self, client):
        with self.lock:
            self.clients += 1
            self.ever_connected = True
            self.lock.notify_all()
        try:
            for line in client.makefile("r", encoding="utf-8"):
                query = urllib.parse.parse_qs(line.strip(), keep_blank_values=True)
                if query:
                    with self.lock:
                        self.filters.append(query)
                    print("Adding", json.dumps(query), flush=True)
                client.sendall(b"ACK\n")
        except OSError:
            pass
        finally:
            client.close()
            with self.lock:
                self.clients -= 1
                self.lock.notify_all()

    def await_abandoned(self):
        with self.lock:
            if not self.lock.wait_for(lambda: self.ever_connected, CONNECTION_TIMEOUT):
                print("No client connected in time", flush=True)
                return
            while True:
                self.lock.wait_for(lambda: self.clients == 0)
                if not self.lock.wait_for(lambda: self.clients > 0, RECONNECTION_TIMEOUT):
                    return

    def prune(self):
        for query in self.filters:
            encoded = urllib.parse.quote(json.dumps(query))
            removed = 0
            for kind, listing, removal in (
                ("container", "/containers/json?all=1&filters=", "/containers/%s?force=1&v=1"),
                ("network", "/networks?filters=", "/networks/%s"),
                ("volume", "/volumes?filters=", "/volumes/%s?force=1"),
                ("image", "/images/json?filters=", "/images/%s?force=1&noprune=0"),
            ):
                status, found = call("GET", listing + encoded)
                if status != 200:
                    print("Listing %ss failed: %s" % (kind, status), flush=True)
                    continue
                if kind == "volume":
                    found = found.get("Volumes") or []
                for item in found or []:
                    key = item.get("Id") or item.get("Name")
                    status, _ = call("DELETE", removal % key)
                    if status < 300 or status == 404:
                        removed += 1
                    else:
                        print("Removing %s %s failed: %s" % (kind, key, status), flush=True)
            print("Removed", removed, "resources for", json.dumps(query), flush=True)


def main():
    reaper = Reaper()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("0.0.0.0", PORT))
    listener.listen()

    def accept():
        while True:
            client, _ = listener.accept()
            threading.Thread(target=reaper.serve, args=(client,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    print("Started on port", PORT, flush=True)
    reaper.await_abandoned()
    reaper.prune()
    return 0


if __name__ == "__main__":
    sys.exit(main())
