"""The real extension in Debian's Firefox ESR, for the end-to-end tests and the feed benchmark.

Playwright cannot drive stock Firefox, so a Node process (extension/tools/firefox-driver.mjs,
puppeteer-core over WebDriver BiDi) acts on the browser and this module gives its callers the same
page and locator calls they make on Chromium. BiDi does not see the extension's background: the
driver records and aborts every tab request it does not serve, and the extension talks to the
service through a loopback proxy (browsers/fault_proxy.py) that records each call. Anything else
bound beyond loopback goes to a dead proxy that notes it and answers nothing.
"""

import json
import queue
import re
import shutil
import socketserver
import subprocess
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from browsers import EXTENSION, PAGE_TIMEOUT_MS

FIREFOX = "/usr/bin/firefox-esr"
DRIVER = EXTENSION / "tools" / "firefox-driver.mjs"
GECKO_ID = json.loads((EXTENSION / "manifest.json").read_text())["browser_specific_settings"][
    "gecko"
]["id"]
# Any UUID: Firefox takes the extension's moz-extension:// host from a pref set before install.
UUID = "0b1c2d3e-4f50-4a61-8b72-9c8d7e6f5a40"
# An extension document with no script of its own: it reaches storage without side effects.
CONTROL_PAGE = "icons/icon-16.png"
_REPLY_TIMEOUT_S = 60
_FUNCTION = re.compile(r"^\s*(async\s+)?(\(|function\b|[\w$]+\s*=>)")


def firefox_available() -> bool:
    puppeteer = EXTENSION / "node_modules" / "puppeteer-core"
    return Path(FIREFOX).exists() and shutil.which("node") is not None and puppeteer.exists()


class FirefoxDriver:
    """The Node driver process: one JSON line per command, one per answer."""

    def __init__(self, proxy_port: int, debugging_port: int) -> None:
        config = {
            "extension": str(EXTENSION),
            "firefox": FIREFOX,
            "geckoId": GECKO_ID,
            "uuid": UUID,
            "debuggingPort": debugging_port,
            "proxyPort": proxy_port,
        }
        self.process = subprocess.Popen(
            ["node", str(DRIVER), json.dumps(config)],
            cwd=EXTENSION,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._lines: queue.Queue[str] = queue.Queue()
        self._next = 0
        threading.Thread(target=self._read, name="firefox-driver", daemon=True).start()
        self.ready: dict[str, str] = {}

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("{"):
                self._lines.put(line)
        self._lines.put("")  # the driver ended

    def _reply(self) -> dict[str, Any]:
        line = self._lines.get(timeout=_REPLY_TIMEOUT_S)
        if not line:
            raise RuntimeError(f"the Firefox driver ended (exit {self.process.wait(10)})")
        reply: dict[str, Any] = json.loads(line)
        return reply

    def wait_ready(self) -> dict[str, str]:
        """Wait for Firefox to run with the extension installed: {version, id, uuid}."""
        self.ready = self._reply()["ready"]
        return self.ready

    def call(self, op: str, **args: Any) -> Any:
        assert self.process.stdin is not None
        self._next += 1
        self.process.stdin.write(json.dumps({"id": self._next, "op": op, "args": args}) + "\n")
        self.process.stdin.flush()
        reply = self._reply()
        assert reply["id"] == self._next, reply
        if "error" in reply:
            raise AssertionError(f"Firefox: {op} failed: {reply['error']}")
        return reply["value"]

    def close(self) -> None:
        """End of input: the driver closes Firefox and exits, even when still launching it."""
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                with suppress(OSError):
                    pipe.close()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.terminate()  # the driver kills Firefox on its way out
            self.process.wait(timeout=10)


class FirefoxLocator:
    """The first element matching `selector` (Playwright's locators also wait for it)."""

    def __init__(self, page: "FirefoxPage", selector: str) -> None:
        self.page, self.selector = page, selector

    def _read(self, expression: str) -> Any:
        fn = f"(s) => {{ const e = document.querySelector(s); return {expression}; }}"
        return self.page.evaluate(fn, self.selector)

    def wait_for(self) -> None:
        self.page.call("waitForSelector", selector=self.selector)

    def click(self) -> None:
        self.page.call("click", selector=self.selector)

    def _set_checked(self, checked: bool) -> None:
        self.wait_for()
        if self.is_checked() != checked:
            self.click()
        assert self.is_checked() == checked, self.selector

    def check(self) -> None:
        self._set_checked(True)

    def uncheck(self) -> None:
        self._set_checked(False)

    def fill(self, value: str) -> None:
        self.page.call("fill", selector=self.selector, value=value)

    def inner_text(self) -> str:
        self.wait_for()
        return str(self._read("e.innerText"))

    def get_attribute(self, name: str) -> str | None:
        self.wait_for()
        fn = "([s, n]) => document.querySelector(s).getAttribute(n)"
        value: str | None = self.page.evaluate(fn, [self.selector, name])
        return value

    def is_visible(self) -> bool:
        return bool(self._read("!!e && e.checkVisibility()"))

    def is_hidden(self) -> bool:
        return not self.is_visible()

    def is_disabled(self) -> bool:
        self.wait_for()
        return bool(self._read("e.disabled"))

    def is_checked(self) -> bool:
        return bool(self._read("e.checked"))

    def count(self) -> int:
        return int(self.page.evaluate("(s) => document.querySelectorAll(s).length", self.selector))


class FirefoxKeyboard:
    """Keys pressed in a tab, to whatever has the focus (Playwright's `page.keyboard`)."""

    def __init__(self, page: "FirefoxPage") -> None:
        self.page = page

    def press(self, key: str) -> None:
        self.page.call("press", key=key)


class FirefoxPage:
    """A tab in Firefox, with the calls the tests make on Playwright's pages."""

    def __init__(self, driver: FirefoxDriver, page_id: str) -> None:
        self.driver, self.id = driver, page_id
        self.keyboard = FirefoxKeyboard(self)

    def call(self, op: str, **args: Any) -> Any:
        return self.driver.call(op, page=self.id, **args)

    def evaluate(self, expression: str, arg: Any = None) -> Any:
        if not _FUNCTION.match(expression):
            expression = f"() => ({expression})"
        return self.call("evaluate", fn=expression, arg=arg)

    def wait_for_function(self, expression: str, *, arg: Any = None) -> object:
        result: object = self.call("waitFor", fn=expression, arg=arg, timeout=PAGE_TIMEOUT_MS)
        return result

    def wait_for_timeout(self, timeout: float) -> None:
        time.sleep(timeout / 1000)  # the driver is another process: nothing here needs pumping

    def locator(self, selector: str) -> FirefoxLocator:
        return FirefoxLocator(self, selector)

    def select_option(self, selector: str, value: str) -> object:
        selected: object = self.call("select", selector=selector, value=value)
        return selected

    def set_viewport_size(self, viewport_size: Mapping[str, object]) -> None:
        self.call("viewport", **viewport_size)

    def screenshot(self, *, path: str) -> None:
        self.call("screenshot", path=path)


class FirefoxExtension:
    """The installed extension: its pages' addresses and its storage, through a control tab."""

    def __init__(self, driver: FirefoxDriver) -> None:
        self.driver = driver
        self.id = driver.ready["id"]
        self.control = FirefoxPage(driver, driver.call("openExtension", file=CONTROL_PAGE))

    def page_url(self, name: str) -> str:
        return f"moz-extension://{UUID}/{name}"

    def storage(self, *keys: str, area: str = "local") -> dict[str, Any]:
        fn = "([area, keys]) => browser.storage[area].get(keys)"
        got: dict[str, Any] = self.control.evaluate(fn, [area, list(keys)])
        return got

    def set_storage(self, values: dict[str, Any], area: str = "local") -> None:
        self.control.evaluate("([area, v]) => browser.storage[area].set(v)", [area, values])

    # Firefox runs the background as an event page, not a service worker. It stops it when idle
    # (extensions.background.idle.timeout); about:debugging's "Terminate background script" does
    # it at once through the privileged call below, and the next event starts a new page.
    _BACKGROUND = f'WebExtensionPolicy.getByID("{GECKO_ID}").extension'

    def background_state(self) -> str:
        """The event page's state: stopped, starting, running or suspending."""
        state = self.driver.call("chromeEvaluate", expression=f"{self._BACKGROUND}.backgroundState")
        return str(state)

    def stop_background(self) -> None:
        """Terminate the event page as Firefox does when it is idle: globals gone, storage kept."""
        self.driver.call("chromeEvaluate", expression=f"{self._BACKGROUND}.terminateBackground()")
        assert self.background_state() == "stopped"

    def background_evaluate(self, fn: str) -> Any:
        """Call `fn` (a function's source) with the background page's global object. Asking for
        the page starts it when stopped."""
        return self.control.evaluate(
            f"async () => ({fn})(await browser.runtime.getBackgroundPage())"
        )


class _DeadProxy(socketserver.StreamRequestHandler):
    """Firefox's proxy for everything not loopback: note the request line, answer nothing."""

    def handle(self) -> None:
        line = self.rfile.readline(2048).decode("latin-1").strip()
        if line:  # a connection opened ahead of need and closed unused sends nothing
            self.server.heard.append(line)  # type: ignore[attr-defined]


@contextmanager
def dead_proxy() -> Iterator[tuple[int, list[str]]]:
    """A loopback port Firefox sends non-loopback traffic to, and what arrived there."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _DeadProxy)
    server.daemon_threads = True
    server.heard = []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, name="dead-proxy", daemon=True).start()
    try:
        yield int(server.server_address[1]), server.heard  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
