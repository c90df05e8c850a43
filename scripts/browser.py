"""Headless Chromium on this machine: shared by the browser tests and `make bench`.

    python scripts/browser.py DIRECTORY     serve DIRECTORY on a free loopback port
"""
import contextlib
import functools
import http.server
import shutil
import subprocess
import sys

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Flags for a headless browser on a machine with a closed network, run as root: without
# the background-networking ones Chromium keeps trying to reach its update services.
# Every host but loopback fails to resolve, so a request to a CDN (MathJax) fails at
# once, the same on every machine, instead of waiting for a network that may be there.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
NO_BROWSER = ("Chromium을 찾을 수 없습니다 (Debian/Ubuntu: sudo apt-get install chromium)")


def find_browser():
    """The path of an installed Chromium or Chrome, or None."""
    return next((shutil.which(name) for name in BROWSERS if shutil.which(name)), None)


# Playwright's page.evaluate waits for a returned promise with no time limit: twice in
# this project's runs a browser test sat idle until the CI limit. A promise awaited here
# fails after `seconds` instead, naming what it waited for.
BOUNDED = """([expression, ms]) => Promise.race([
    (0, eval)('(' + expression + ')')(),
    new Promise((_, fail) => setTimeout(() => fail(new Error(`${ms} ms: ${expression}`)), ms))])"""


def await_in_page(page, expression, seconds=60):
    """The value of the promise that `expression` (a JS function) returns, within `seconds`."""
    return page.evaluate(BOUNDED, [expression, int(seconds * 1000)])


def wait_for_search_results(page):
    """On search.html?q=..., wait until Sphinx's script has listed every result."""
    page.wait_for_selector("#search-results .search-summary:not(:empty)")
    page.wait_for_function("() => !document.querySelector('#search-progress')?.textContent")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    # HTTP/1.0 (one connection per file): with Python's HTTP/1.1 keep-alive, loopback
    # responses stalled ~100 ms each, which measured the server, not the page.
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory):
    """Serve `directory` on a free loopback port; yields the base URL.

    The server is its own process: inside the process that also drives Playwright it
    competed for the interpreter lock, and every file it served arrived later.
    """
    proc = subprocess.Popen([sys.executable, "-u", __file__, str(directory)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = proc.stdout.readline().strip()
        if not port.isdigit():
            raise RuntimeError(f"웹 서버를 시작하지 못했습니다 ({directory})")
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait()
        proc.stdout.close()


def main(directory):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=directory))
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
