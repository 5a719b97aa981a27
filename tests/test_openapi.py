"""The hub's OpenAPI document is valid, and the hub's real responses match it."""

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from openapi_spec_validator import validate


@pytest.fixture(scope="module")
def document(api, hub_url):
    response = api.get(hub_url + "/api/openapi.json", timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def openapi(document):
    return OpenAPI.from_dict(document)


def check(openapi, response):
    """Validates the request as sent and the response as received; raises on any mismatch."""
    request = RequestsOpenAPIRequest(response.request)
    openapi.validate_request(request)
    openapi.validate_response(request, RequestsOpenAPIResponse(response))


def test_document_is_valid_openapi_3_0(document):
    validate(document)
    assert document["openapi"] == "3.0.3"
    assert "bearerAuth" in document["components"]["securitySchemes"]


def test_document_describes_every_api_path_and_the_webhook_receiver(document):
    expected = {
        "/api/v1/status",
        "/api/v1/products",
        "/api/v1/import-problems",
        "/api/v1/orders",
        "/api/v1/orders/{id}",
        "/api/v1/orders/{id}/retry",
        "/api/v1/integrations",
        "/api/v1/integrations/{id}/settings",
        "/webhooks/bigcommerce",
    }
    assert expected <= set(document["paths"])


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/status",
        "/api/v1/products",
        "/api/v1/products?per_page=5&page=2",
        "/api/v1/products?search=a",
        "/api/v1/import-problems",
        "/api/v1/orders",
        "/api/v1/orders?per_page=3",
        "/api/v1/integrations",
    ],
)
def test_response_matches_document(api, hub_url, openapi, path):
    response = api.get(hub_url + path, timeout=30)
    assert response.status_code == 200, response.text
    check(openapi, response)


def test_status_counts_are_integers(api, hub_url):
    status = api.get(hub_url + "/api/v1/status", timeout=30).json()
    counts = [status["catalog"][key] for key in ("imported", "total", "problems")]
    counts += list(status["orders"].values())
    assert all(type(value) is int for value in counts), status


def test_order_detail_and_missing_order_match_document(api, hub_url, openapi):
    orders = api.get(hub_url + "/api/v1/orders?per_page=1", timeout=30).json()["data"]
    for order in orders:
        detail = api.get(f"{hub_url}/api/v1/orders/{order['id']}", timeout=30)
        assert detail.status_code == 200, detail.text
        check(openapi, detail)

    missing = api.get(hub_url + "/api/v1/orders/2147483647", timeout=30)
    assert missing.status_code == 404
    check(openapi, missing)


def test_errors_match_document(api, hub_url, openapi):
    too_many = api.get(hub_url + "/api/v1/products?per_page=251", timeout=30)
    assert too_many.status_code == 400
    assert too_many.json()["error"]["code"] == "invalid_request"
    openapi.validate_response(RequestsOpenAPIRequest(too_many.request), RequestsOpenAPIResponse(too_many))


def test_webhook_with_wrong_secret_is_refused_as_documented(api, hub_url, openapi):
    response = api.post(
        hub_url + "/webhooks/bigcommerce",
        json={"scope": "store/product/updated", "hash": "contract-test", "data": {"type": "product", "id": 1}},
        headers={"X-Crossdock-Webhook-Secret": "not-the-secret"},
        timeout=30,
    )
    assert response.status_code == 401
    check(openapi, response)
