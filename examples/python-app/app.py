"""A small web app: answers every GET with a greeting and logs what it does to stdout."""

import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from greeting import greeting

PORT = int(os.environ.get("PORT", "8000"))


class Hello(BaseHTTPRequestHandler):
    """Answers every GET with the greeting, as plain text."""

    def do_GET(self):
        body = (greeting() + "\n").encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        # One line per request on stdout, where `berth logs` reads it.
        print(f"{self.address_string()} {format % args}", flush=True)


def stop(signum, frame):
    # A container's first process gets SIGTERM from `berth stop` / `berth rm -f`:
    # leave at once instead of waiting to be killed.
    print("Stopping (got SIGTERM)", flush=True)
    sys.exit(0)


def main():
    signal.signal(signal.SIGTERM, stop)
    server = ThreadingHTTPServer(("0.0.0.0", PORT), Hello)
    print(f"{greeting()} - listening on port {PORT}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
