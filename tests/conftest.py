"""Shared fixtures: the tests run against a live hub whose base URL is CROSSDOCK_URL."""

import os

import pytest
import requests

DEFAULT_URL = "http://127.0.0.1:8080"


def hub_base_url() -> str:
    return os.environ.get("CROSSDOCK_URL", DEFAULT_URL).rstrip("/")


@pytest.fixture(scope="session")
def hub_url() -> str:
    """The hub's base URL; fails (never skips) when nothing answers there."""
    url = hub_base_url()
    try:
        response = requests.get(url + "/api/v1/status", timeout=10, headers=auth_headers())
    except requests.RequestException as error:
        pytest.fail(
            f"No Crossdock hub answers at {url} ({error.__class__.__name__}). Start one, for example "
            f"`crossdock demo --port 8080`, or set CROSSDOCK_URL to where it listens.",
            pytrace=False,
        )
    if response.status_code != 200 or "catalog" not in response.text:
        pytest.fail(
            f"{url}/api/v1/status answered {response.status_code} without a hub status; is CROSSDOCK_URL a "
            f"Crossdock hub (and CROSSDOCK_ADMIN_TOKEN its token)?",
            pytrace=False,
        )
    return url


def auth_headers() -> dict:
    """The bearer token from CROSSDOCK_ADMIN_TOKEN, when the hub was started with one."""
    token = os.environ.get("CROSSDOCK_ADMIN_TOKEN")
    return {"Authorization": f"Bearer {token}"} if token else {}


@pytest.fixture(scope="session")
def api(hub_url):
    """A requests session that sends the bearer token, if any, on every call."""
    session = requests.Session()
    session.headers.update(auth_headers())
    session.headers["Accept"] = "application/json"
    yield session
    session.close()
