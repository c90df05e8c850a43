"""Headless Chromium on this machine: shared by the browser tests and `make bench`."""
import contextlib
import functools
import http.server
import shutil
import threading

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Flags for a headless browser on a machine with a closed network, run as root: without
# the background-networking ones Chromium keeps trying to reach its update services.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NO_BROWSER = ("Chromium을 찾을 수 없습니다 (Debian/Ubuntu: sudo apt-get install chromium)")


def find_browser():
    """The path of an installed Chromium or Chrome, or None."""
    return next((shutil.which(name) for name in BROWSERS if shutil.which(name)), None)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    # HTTP/1.0 (one connection per file): with Python's HTTP/1.1 keep-alive, loopback
    # responses stalled ~100 ms each, which measured the server, not the page.
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory):
    """Serve `directory` on a free loopback port; yields the base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
