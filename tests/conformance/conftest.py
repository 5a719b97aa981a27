"""Fixtures for the BigCommerce conformance tests.

A channel sandbox is started from the CLI the lead builds with `swift build` in the repository
(`.build/debug/crossdock sandbox --port 0`), and the official BigCommerce OpenAPI files are read
from the shared folder beside the repository. Nothing here talks to any host but 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pytest
import requests

from bigcommerce_spec import BigCommerceSpecs

REPOSITORY = Path(__file__).resolve().parents[2]
# CROSSDOCK_BINARY points at another build of the same CLI, such as a developer's scratch build.
BINARY = Path(os.environ.get("CROSSDOCK_BINARY") or REPOSITORY / ".build" / "debug" / "crossdock")
# The team's shared folder (official specs, sample data) sits beside the repository; CROSSDOCK_SHARED
# points elsewhere for a checkout that lives somewhere else.
SHARED = Path(os.environ.get("CROSSDOCK_SHARED") or REPOSITORY.parent / "shared")
SPEC_DIRECTORY = SHARED / "specs" / "bigcommerce" / "reference"
SAMPLE_CSVS = SHARED / "data" / "shopify-sample-csvs"
STARTUP_SECONDS = 20


def crossdock_binary() -> Path:
    if not os.access(BINARY, os.X_OK):
        pytest.fail(
            f"{BINARY} is missing; build it with `swift build` in {REPOSITORY} before running these tests.",
            pytrace=False,
        )
    return BINARY


class RunningCommand:
    """A crossdock process whose first stdout line announces its URL; stderr goes to a file."""

    def __init__(self, arguments: list[str], announcement: str, environment: Optional[dict] = None):
        self.log = tempfile.NamedTemporaryFile(prefix="crossdock-", suffix=".log", delete=False)
        command = [str(crossdock_binary()), *arguments]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=self.log,
            env={**os.environ, "CROSSDOCK_LOG": "error", **(environment or {})},
            start_new_session=True,
        )
        line = self._first_line()
        match = re.search(announcement + r" (http://127\.0\.0\.1:\d+)", line)
        if not match:
            self.stop()
            pytest.fail(f"`crossdock {' '.join(arguments)}` printed {line!r}, not '{announcement} URL'."
                        f"{self.log_tail()}", pytrace=False)
        self.url = match.group(1)

    def _first_line(self) -> str:
        deadline = time.monotonic() + STARTUP_SECONDS
        collected = b""
        while b"\n" not in collected:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.process.poll() is not None:
                self.stop()
                pytest.fail(f"crossdock printed no first line within {STARTUP_SECONDS} s "
                            f"(exit code {self.process.returncode}).{self.log_tail()}", pytrace=False)
            ready, _, _ = select.select([self.process.stdout], [], [], remaining)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 4096)
                if not chunk:
                    continue
                collected += chunk
        return collected.split(b"\n", 1)[0].decode("utf-8", "replace")

    def log_tail(self, lines: int = 30) -> str:
        text = Path(self.log.name).read_text(errors="replace").strip().splitlines()[-lines:]
        return ("\nLast lines of its log:\n" + "\n".join(text)) if text else ""

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process.stdout:
            self.process.stdout.close()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


@dataclass
class Sandbox:
    """A running `crossdock sandbox` and its BigCommerce account."""

    command: RunningCommand
    url: str
    api_base: str
    store_hash: str
    access_token: str
    session: requests.Session = field(default_factory=requests.Session)

    @property
    def path_prefix(self) -> str:
        """`/bigcommerce/stores/{store_hash}`: what comes before `/v3/…` on the sandbox."""
        return self.api_base[len(self.url) :]

    def bigcommerce(self, method: str, path: str, **arguments) -> requests.Response:
        """Calls the emulated API with the store's token; `path` starts with /v2 or /v3."""
        headers = {"X-Auth-Token": self.access_token, "Accept": "application/json", **arguments.pop("headers", {})}
        return self.session.request(method, self.api_base + path, headers=headers, timeout=30, **arguments)

    def control(self, method: str, path: str, **arguments) -> requests.Response:
        return self.session.request(method, self.url + path, timeout=60, **arguments)

    def recorded_requests(self) -> list[dict]:
        response = self.control("GET", "/_control/bigcommerce/requests")
        assert response.status_code == 200, response.text
        return response.json()["requests"]


def start_sandbox(*arguments: str) -> Sandbox:
    command = RunningCommand(["sandbox", "--port", "0", *arguments], "Channel sandbox is running at")
    accounts = requests.get(command.url + "/_control", timeout=10).json()["accounts"]
    account = next(account for account in accounts if account["channel"] == "bigcommerce")
    return Sandbox(
        command=command,
        url=command.url,
        api_base=account["base_url"],
        store_hash=account["credentials"]["store_hash"],
        access_token=account["credentials"]["access_token"],
    )


@pytest.fixture(scope="session")
def sandbox():
    """A sandbox with the bundled catalogue, shared by the response and client tests."""
    running = start_sandbox()
    yield running
    running.session.close()
    running.command.stop()


@pytest.fixture(scope="session")
def specs() -> BigCommerceSpecs:
    if not SPEC_DIRECTORY.is_dir():
        pytest.fail(
            f"The BigCommerce OpenAPI files are missing from {SPEC_DIRECTORY}; put the shared folder beside "
            "the repository or set CROSSDOCK_SHARED to it.",
            pytrace=False,
        )
    return BigCommerceSpecs(SPEC_DIRECTORY)
