"""Drive headless Chromium through the DevTools protocol over a pipe, for tests of generated HTML.

Why the protocol and not `--enable-logging=stderr` or `--dump-dom`: Chromium's log format
changes between versions and mixes console messages with its own noise (D-Bus, GPU), and
`--dump-dom` says nothing about errors. `--remote-debugging-pipe` needs no port and no
WebSocket library: Chromium reads JSON commands on fd 3 and writes replies and events on
fd 4, each message ending in a NUL byte. Per page we collect, as structured events:

- uncaught exceptions (`Runtime.exceptionThrown`),
- `console.error`/`console.assert`/`console.warn` calls (`Runtime.consoleAPICalled`),
- browser log entries of level error or warning, e.g. a blocked resource or a
  Content-Security-Policy violation (`Log.entryAdded`),
- requests that failed (`Network.loadingFailed`) and requests to anything but file:, data:
  or about: (`Network.requestWillBeSent`): the site must be self-contained.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--mute-audio", "--remote-debugging-pipe")
LOCAL_SCHEMES = ("file:", "data:", "about:")


def find_chromium() -> str | None:
    """The Chromium binary, if one is installed."""
    found = [c for c in CANDIDATES if Path(c).is_file()]
    return found[0] if found else shutil.which("chromium")


class BrowserError(Exception):
    """The browser did not answer or reported a protocol error."""


class Browser:
    """One headless Chromium with one page; use as a context manager."""

    def __init__(self, binary: str, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="os2ctl-chromium-")
        to_browser_read, self._write_fd = os.pipe()
        self._read_fd, from_browser_write = os.pipe()

        def wire_pipes() -> None:  # in the child: fd 3 = commands in, fd 4 = replies out
            os.dup2(to_browser_read, 3)
            os.dup2(from_browser_write, 4)

        self.process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4), preexec_fn=wire_pipes,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._messages: queue.Queue = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._next_id = 0
        self._pending_events: list[dict] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Network", "Page"):
            self.call(f"{domain}.enable", session=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Quit the browser and remove its profile."""
        try:
            self._send({"id": 0, "method": "Browser.close"})
        except OSError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._write_fd)
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read(self) -> None:
        buffer = b""
        with os.fdopen(self._read_fd, "rb", buffering=0) as pipe:
            while chunk := pipe.read(65536):
                buffer += chunk
                *messages, buffer = buffer.split(b"\0")
                for message in messages:
                    self._messages.put(json.loads(message))

    def _send(self, message: dict) -> None:
        os.write(self._write_fd, json.dumps(message).encode() + b"\0")

    def _receive(self, deadline: float) -> dict:
        try:
            return self._messages.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            raise BrowserError("Chromium did not answer in time") from None

    def call(self, method: str, params: dict | None = None, session: bool = False) -> dict:
        """Send one command and wait for its result; events that arrive meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        self._send(message)
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self._pending_events.append(reply)

    def open(self, url: str, settle: float = 0.2) -> list[str]:
        """Load `url`, wait for its load event (and `settle` seconds), return the problems seen."""
        self._pending_events.clear()
        self.call("Page.navigate", {"url": url}, session=True)
        deadline = time.monotonic() + self.timeout
        events = self._pending_events
        while not any(e["method"] == "Page.loadEventFired" for e in events):
            events.append(self._receive(deadline))
        end = time.monotonic() + settle
        while time.monotonic() < end:
            try:
                events.append(self._messages.get(timeout=max(end - time.monotonic(), 0.01)))
            except queue.Empty:
                break
        return problems(events)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (DevTools evaluation, not page script)."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def disable_scripts(self, disabled: bool = True) -> None:
        """Turn the page's own JavaScript off (or on again)."""
        self.call("Emulation.setScriptExecutionDisabled", {"value": disabled}, session=True)


def problems(events: list[dict]) -> list[str]:
    """Console errors, exceptions, failed and external requests among DevTools events."""
    found = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            found.append(f"exception: {details.get('exception', {}).get('description') or details.get('text')}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
            texts = [str(a.get("value", a.get("description", ""))) for a in params.get("args", [])]
            found.append(f"console.{params['type']}: {' '.join(texts)}")
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") in ("error", "warning"):
            entry = params["entry"]
            found.append(f"log {entry['level']} ({entry.get('source')}): {entry.get('text')} {entry.get('url', '')}")
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            found.append(f"failed request: {params.get('errorText')} {params.get('blockedReason', '')}")
        elif method == "Network.requestWillBeSent":
            url = params.get("request", {}).get("url", "")
            if not url.startswith(LOCAL_SCHEMES):
                found.append(f"external request: {url}")
    return found
