"""The BigCommerce emulator's requests and responses match the official OpenAPI files.

Each call is sent to the sandbox, then the request as sent and the response as received are
validated with openapi-core against the operation the spec defines for that path. Known gaps of
the spec itself (not of the emulator) are listed below with the evidence for each.
"""

from __future__ import annotations

import json
import re

import pytest

from catalog_fixture import CSV_TEXT

# Fields the schema types as a plain integer though BigCommerce sends null; the emulator keeps null.
KNOWN_SPEC_GAPS = {
    # products_catalog.v3.yml's own description: "This value is `null` for complex products."
    "base_variant_id": "null for a product with options",
    # Real v3 product bodies carry "option_set_id": null (bigcommerce/api issue #88).
    "option_set_id": "null when the product has no legacy option set",
}
# The emulator answers createOrder with 201 Created while orders.v2.oas2.yml documents only 200; the
# body is checked against the 200 schema. Reported to the lead: the sandbox's Swift tests expect 201.
STATUS_GAPS = {("POST", "/v2/orders"): (201, 200)}
NULL_PROBLEM = re.compile(r"at (?:.*/)?(?P<field>[a-z_]+): None (?:for not nullable|is not of type)")


def real_problems(problems: list[str]) -> list[str]:
    """Drops the null-valued fields the spec mistypes; keeps everything else."""
    kept = []
    for problem in problems:
        match = NULL_PROBLEM.search(problem)
        if not (match and match["field"] in KNOWN_SPEC_GAPS):
            kept.append(problem)
    return kept


def exchange(sandbox, specs, method: str, path: str, query=(), body=None, status=None):
    """Sends one call, validates request and response, and returns the parsed JSON body (or None)."""
    data = json.dumps(body).encode() if body is not None else b""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    response = sandbox.bigcommerce(method, path, params=list(query), data=data or None, headers=headers)
    if status is not None:
        assert response.status_code == status, f"{method} {path}: {response.status_code} {response.text[:500]}"
    sandbox_path = sandbox.path_prefix + path
    sent_headers = {"X-Auth-Token": sandbox.access_token, "Accept": "application/json", **headers}
    request = specs.request(method, sandbox_path, list(query), sent_headers, data)
    problems = specs.request_problems(request, sandbox_path) + specs.undocumented_fields(method, sandbox_path, data)
    documented_status = response.status_code
    sent, documented = STATUS_GAPS.get((method, path), (None, None))
    if response.status_code == sent:
        documented_status = documented
    problems += specs.response_problems(request, sandbox_path, documented_status, response.headers, response.content)
    problems = real_problems(problems)
    assert not problems, f"{method} {path}?{query}:\n" + "\n".join(dict.fromkeys(problems))
    return response.json() if response.content else None


@pytest.fixture(scope="module")
def catalog(sandbox):
    """Adds the CSV products (with brands, categories, images, custom fields) to the bundled catalogue."""
    response = sandbox.control(
        "POST",
        "/_control/bigcommerce/catalog/csv",
        params={"replace": "false", "list_on_amazon": "false"},
        data=CSV_TEXT.encode(),
        headers={"Content-Type": "text/csv"},
    )
    assert response.status_code == 201, response.text
    loaded = response.json()
    assert loaded["product_count"] == 2 and loaded["variant_count"] == 5, loaded
    jacket, mug = loaded["products"]
    return {"jacket": jacket, "mug": mug}


def test_list_products_with_variants_images_and_custom_fields(sandbox, specs, catalog):
    ids = f"{catalog['jacket']['id']},{catalog['mug']['id']}"
    include = ("include", "variants,images,custom_fields")
    body = exchange(sandbox, specs, "GET", "/v3/catalog/products", [include, ("id:in", ids)], status=200)
    jacket, mug = body["data"]
    assert jacket["brand_id"] == mug["brand_id"] > 0
    assert jacket["categories"] and jacket["categories"] != mug["categories"]
    assert (jacket["price"], jacket["sale_price"], jacket["calculated_price"]) == (150, 120, 120)
    assert jacket["weight"] == 0.85 and jacket["cost_price"] == 0
    assert [image["description"] for image in jacket["images"]] == ["Red jacket", "Blue jacket"]
    assert jacket["custom_fields"][0]["name"] == "Gender" and jacket["mpn"] == "RJ-1"
    assert [variant["sku"] for variant in jacket["variants"]] == ["RJ-RED-M", "RJ-RED-L", "", "RJ-BLUE-L"]
    assert jacket["variants"][0]["upc"] == "0012345678905"
    assert (mug["sku"], mug["inventory_tracking"], mug["variants"][0]["option_values"]) == ("'30235", "product", [])

    # A full page of the bundled catalogue, the way an importer reads it.
    body = exchange(sandbox, specs, "GET", "/v3/catalog/products", [include, ("limit", "250")], status=200)
    assert len(body["data"]) == 250


def test_list_products_as_the_hub_imports_them(sandbox, specs, catalog):
    """The import's own shape: sub-resources, and only the product fields the hub reads (`include_fields`)."""
    fields = ("name,sku,price,sale_price,cost_price,inventory_level,inventory_tracking,date_modified,brand_id,"
              "categories,upc,gtin,mpn,weight,width,height,depth")
    query = [("include", "variants,images,custom_fields"), ("include_fields", fields), ("limit", "250")]
    first_page = exchange(sandbox, specs, "GET", "/v3/catalog/products", query, status=200)
    assert len(first_page["data"]) == 250
    body = exchange(sandbox, specs, "GET", "/v3/catalog/products", [*query, ("id:in", str(catalog["jacket"]["id"]))],
                    status=200)
    jacket = body["data"][0]
    assert set(jacket) == {"id", "variants", "images", "custom_fields", *fields.split(",")}
    assert [image["description"] for image in jacket["images"]] == ["Red jacket", "Blue jacket"]


def test_get_product_options_and_variants(sandbox, specs, catalog):
    product_id = catalog["jacket"]["id"]
    product = exchange(
        sandbox, specs, "GET", f"/v3/catalog/products/{product_id}", [("include", "variants,images,custom_fields")],
        status=200,
    )["data"]
    options = exchange(sandbox, specs, "GET", f"/v3/catalog/products/{product_id}/options", status=200)["data"]
    assert [option["display_name"] for option in options] == ["Color", "Size"]
    labels = {value["id"]: value["label"] for option in options for value in option["option_values"]}
    assert sorted(labels.values()) == ["Blue", "L", "M", "Red"]
    for variant in product["variants"]:
        for value in variant["option_values"]:
            assert labels[value["id"]] == value["label"] and value["option_id"] in {o["id"] for o in options}

    option_id = options[0]["id"]
    exchange(sandbox, specs, "GET", f"/v3/catalog/products/{product_id}/options/{option_id}", status=200)
    variants = exchange(sandbox, specs, "GET", f"/v3/catalog/products/{product_id}/variants", status=200)["data"]
    # The spec gives no schema for variants inside a product; they must equal the validated ones.
    assert product["variants"] == variants and len(variants) == 4
    exchange(sandbox, specs, "GET", "/v3/catalog/variants", [("limit", "250")], status=200)
    exchange(sandbox, specs, "GET", f"/v3/catalog/products/{product_id}/images", status=200)
    exchange(sandbox, specs, "GET", f"/v3/catalog/products/{product_id}/custom-fields", status=200)


def test_brands_and_categories_list_what_products_reference(sandbox, specs, catalog):
    product = exchange(sandbox, specs, "GET", f"/v3/catalog/products/{catalog['jacket']['id']}", status=200)["data"]
    brands = exchange(sandbox, specs, "GET", "/v3/catalog/brands", status=200)["data"]
    categories = exchange(sandbox, specs, "GET", "/v3/catalog/categories", status=200)["data"]
    assert {"Northwind Outfitters"} <= {brand["name"] for brand in brands}
    assert product["brand_id"] in {brand["id"] for brand in brands}
    assert set(product["categories"]) <= {category["id"] for category in categories}
    exchange(sandbox, specs, "GET", f"/v3/catalog/brands/{product['brand_id']}", status=200)
    exchange(sandbox, specs, "GET", f"/v3/catalog/categories/{product['categories'][0]}", status=200)


def test_orders_and_shipments(sandbox, specs, catalog):
    jacket = exchange(
        sandbox, specs, "GET", f"/v3/catalog/products/{catalog['jacket']['id']}", [("include", "variants")],
        status=200,
    )["data"]
    order_request = {
        "status_id": 11,
        "external_source": "Amazon",
        "external_order_id": "203-1111111-2222222",
        "billing_address": {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com",
                            "country_iso2": "GB", "street_1": "1 Test Road", "city": "Leeds", "zip": "LS1 1AA",
                            "country": "United Kingdom"},
        "products": [{"product_id": jacket["id"], "variant_id": jacket["variants"][0]["id"], "quantity": 2,
                      "price_inc_tax": 120, "price_ex_tax": 100}],
    }
    order = exchange(sandbox, specs, "POST", "/v2/orders", body=order_request, status=201)
    listed = exchange(sandbox, specs, "GET", "/v2/orders", [("external_order_id", "203-1111111-2222222")], status=200)
    assert [found["id"] for found in listed] == [order["id"]]
    exchange(sandbox, specs, "GET", f"/v2/orders/{order['id']}", status=200)
    lines = exchange(sandbox, specs, "GET", f"/v2/orders/{order['id']}/products", status=200)
    addresses = exchange(sandbox, specs, "GET", f"/v2/orders/{order['id']}/shipping_addresses", status=200)

    # No shipment yet: BigCommerce answers 204 with no body, which the spec does not document.
    empty = sandbox.bigcommerce("GET", f"/v2/orders/{order['id']}/shipments")
    assert (empty.status_code, empty.content) == (204, b"")

    shipment_request = {
        "order_address_id": addresses[0]["id"],
        "tracking_number": "RM123456785GB",
        "shipping_provider": "royalmail",
        "items": [{"order_product_id": lines[0]["id"], "quantity": 2}],
    }
    shipment = exchange(
        sandbox, specs, "POST", f"/v2/orders/{order['id']}/shipments", body=shipment_request, status=201
    )
    exchange(sandbox, specs, "GET", f"/v2/orders/{order['id']}/shipments", status=200)
    exchange(sandbox, specs, "GET", f"/v2/orders/{order['id']}/shipments/{shipment['id']}", status=200)
    exchange(sandbox, specs, "PUT", f"/v2/orders/{order['id']}", body={"status_id": 10}, status=200)


def test_empty_order_list_is_204_without_body(sandbox):
    response = sandbox.bigcommerce("GET", "/v2/orders", params={"external_order_id": "no-such-order"})
    assert (response.status_code, response.content) == (204, b"")


def test_hooks_create_and_list(sandbox, specs):
    hook = {"scope": "store/order/created", "destination": "http://127.0.0.1:9/hooks", "is_active": False,
            "headers": {"X-Secret": "conformance"}}
    exchange(sandbox, specs, "POST", "/v3/hooks", body=hook, status=200)
    body = exchange(sandbox, specs, "GET", "/v3/hooks", status=200)
    assert any(found["scope"] == "store/order/created" for found in body["data"])


def test_inventory_absolute_adjustment(sandbox, specs, catalog):
    jacket = sandbox.bigcommerce("GET", f"/v3/catalog/products/{catalog['jacket']['id']}",
                                 params={"include": "variants"}).json()["data"]
    variant = jacket["variants"][1]
    body = {"reason": "conformance", "items": [{"location_id": 1, "variant_id": variant["id"], "quantity": 9}]}
    exchange(sandbox, specs, "PUT", "/v3/inventory/adjustments/absolute", body=body, status=200)
    after = sandbox.bigcommerce("GET", f"/v3/catalog/products/{jacket['id']}/variants").json()["data"]
    assert next(found for found in after if found["id"] == variant["id"])["inventory_level"] == 9


def test_store_information_and_order_statuses(sandbox, specs):
    exchange(sandbox, specs, "GET", "/v2/store", status=200)
    exchange(sandbox, specs, "GET", "/v2/order_statuses", status=200)
