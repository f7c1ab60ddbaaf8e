"""A local HTTP fake served from a daemon thread: the plumbing every provider fake in dev/ shares."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ServedFake:
    """Owns a ThreadingHTTPServer on host:port (0 = any free port) whose handler reaches `server.fake`."""

    thread_name = "fake"

    def __init__(self, server_class: type[ThreadingHTTPServer], handler: type[BaseHTTPRequestHandler],
                 host: str, port: int):
        self._server = server_class((host, port), handler)
        self._server.fake = self
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """The fake's address, e.g. http://127.0.0.1:41234."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        """Serve in a daemon thread; returns self."""
        if self._thread is None:
            # A short poll interval keeps stop() fast: shutdown() waits for the next poll.
            self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                            name=self.thread_name, daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def serve_until_interrupted(self) -> None:
        """For the command line: serve (already started) until Ctrl-C, then stop."""
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()
