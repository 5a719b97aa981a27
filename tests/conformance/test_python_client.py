"""BigCommerce's own Python client (`bigcommerce` on PyPI) works against the emulator.

The client only speaks HTTPS to `api.bigcommerce.com`; the test points its host at the sandbox and
patches the connection's URL building to plain HTTP under the sandbox's `/bigcommerce` prefix, which
is the only change. Everything else (headers, JSON handling, status checks) is the client's own.
"""

from __future__ import annotations

import bigcommerce
import pytest
from bigcommerce.connection import OAuthConnection


@pytest.fixture
def client(sandbox, monkeypatch):
    host = sandbox.url.removeprefix("http://")

    def full_path(connection, url):
        return "http://" + connection.host + "/bigcommerce" + connection.api_path.format(connection.store_hash, url)

    monkeypatch.setattr(OAuthConnection, "full_path", full_path)
    monkeypatch.setenv("BC_API_ENDPOINT", host)
    api = bigcommerce.api.BigcommerceApi(
        client_id="crossdock-conformance", store_hash=sandbox.store_hash, access_token=sandbox.access_token
    )
    # The v3 catalogue through the client's own connection class, as its README shows for v3 calls.
    v3 = OAuthConnection(
        "crossdock-conformance", sandbox.store_hash, sandbox.access_token, host=host, api_path="/stores/{}/v3/{}"
    )
    return api, v3


def test_client_lists_products_and_creates_an_order(client, sandbox):
    api, v3 = client

    page = v3.get("catalog/products", include="variants", limit=5)
    assert len(page["data"]) == 5 and page["meta"]["pagination"]["per_page"] == 5
    assert v3.rate_limit["requests_quota"] > 0
    simple = next(product for product in page["data"] if product["base_variant_id"])

    order = api.Orders.create(
        status_id=11,
        external_source="Amazon",
        external_order_id="206-3333333-4444444",
        billing_address={"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.com",
                         "country_iso2": "GB"},
        products=[{"product_id": simple["id"], "quantity": 1}],
    )
    assert order.id > 0 and order.status_id == 11

    fetched = api.Orders.get(order.id)
    assert fetched.external_order_id == "206-3333333-4444444"
    lines = fetched.products()
    assert [(line.product_id, line.quantity) for line in lines] == [(simple["id"], 1)]
    assert any(found.id == order.id for found in api.Orders.all(external_order_id="206-3333333-4444444"))
