"""The official BigCommerce OpenAPI files, and checking sandbox traffic against them with openapi-core.

The specs' servers are `https://api.bigcommerce.com/stores/{store_hash}/v3` (or `/v2`); the sandbox
serves the same paths under `http://127.0.0.1:PORT/bigcommerce/stores/{store_hash}/…`. A sandbox
request is mapped onto the spec by dropping the sandbox's base and putting the spec's host in front,
so openapi-core sees exactly the request BigCommerce would have received.

Some catalogue schemas mark nullable fields with Swagger 2's `x-nullable: true` (a leftover of the
files' conversion, e.g. `GET /catalog/variants`); OpenAPI 3 spells that `nullable: true`, so the
extension is read as `nullable` when the files are loaded. Nothing else in the files is changed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence, Tuple

import yaml
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

SPEC_HOST = "https://api.bigcommerce.com"

# The files that describe what the hub and the emulator speak (CHANNELS.md §1.1).
SPEC_FILES = (
    "catalog/products_catalog.v3.yml",
    "catalog/product-variants_catalog.v3.yml",
    "catalog/product-variant-options_catalog.v3.yml",
    "catalog/brands_catalog.v3.yml",
    "catalog/categories_catalog.v3.yml",
    "inventory.v3.yml",
    "orders.v2.oas2.yml",
    "webhooks.v3.yml",
    "store_information.v2.yml",
)

SANDBOX_PATH = re.compile(r"^/bigcommerce/stores/(?P<store>[^/]+)/(?P<version>v[23])(?P<rest>/.*)?$")

Pairs = Sequence[Tuple[str, str]]


@dataclass
class Operation:
    """One path template of one spec file."""

    spec_name: str
    openapi: OpenAPI
    document: dict
    template: str
    pattern: re.Pattern
    literal_segments: int


class BigCommerceSpecs:
    """Finds the spec operation for a sandbox request and validates requests and responses against it."""

    def __init__(self, directory: Path):
        self.operations: dict[tuple[str, str], list[Operation]] = {}
        for name in SPEC_FILES:
            with open(directory / name, encoding="utf-8") as file:
                document = _with_openapi3_nullable(yaml.load(file, Loader=yaml.CSafeLoader))
            # The files are official and self-contained; validating each spec itself only costs time.
            openapi = OpenAPI.from_dict(document)
            version = document["servers"][0]["url"].rstrip("/").rsplit("/", 1)[-1]
            for template, item in document["paths"].items():
                for method in item:
                    if method in ("get", "put", "post", "delete", "patch"):
                        self.operations.setdefault((version, method), []).append(
                            Operation(
                                name, openapi, document, template, _template_pattern(template), _literals(template)
                            )
                        )

    def operation(self, method: str, sandbox_path: str) -> Optional[Operation]:
        """The spec operation for a sandbox path; literal segments beat parameters (`/orders/count`)."""
        match = SANDBOX_PATH.match(sandbox_path)
        if not match:
            return None
        rest = match["rest"] or "/"
        candidates = [
            operation
            for operation in self.operations.get((match["version"], method.lower()), [])
            if operation.pattern.match(rest)
        ]
        return max(candidates, key=lambda operation: operation.literal_segments, default=None)

    def request(
        self,
        method: str,
        sandbox_path: str,
        query: Pairs = (),
        headers: Optional[dict] = None,
        body: bytes = b"",
        content_type: Optional[str] = None,
    ) -> MockRequest:
        """The request as BigCommerce would have received it."""
        match = SANDBOX_PATH.match(sandbox_path)
        assert match, f"{sandbox_path} is not a sandbox BigCommerce path"
        spec_path = sandbox_path[len("/bigcommerce") :]
        headers = dict(headers or {})
        return MockRequest(
            SPEC_HOST,
            method,
            spec_path,
            args=list(query),
            headers=headers,
            data=body or None,
            content_type=content_type or headers.get("Content-Type") or headers.get("content-type") or "",
        )

    def request_problems(self, request: MockRequest, sandbox_path: str) -> list[str]:
        """Every way the request departs from its operation in the spec, as sentences."""
        operation = self.operation(request.method, sandbox_path)
        if operation is None:
            return [f"no operation in {', '.join(SPEC_FILES)} matches {request.method.upper()} {request.path}"]
        errors = operation.openapi.iter_request_errors(request)
        return [f"{operation.spec_name} {operation.template}: {text}" for text in describe(errors)]

    def response_problems(
        self, request: MockRequest, sandbox_path: str, status: int, headers, body: bytes
    ) -> list[str]:
        """Every way the response departs from the spec's response for its status."""
        operation = self.operation(request.method, sandbox_path)
        if operation is None:
            return [f"no operation matches {request.method.upper()} {request.path}"]
        content_type = headers.get("Content-Type", "")
        response = MockResponse(body, status_code=status, headers=dict(headers), content_type=content_type)
        errors = operation.openapi.iter_response_errors(request, response)
        return [f"{operation.spec_name} {operation.template} {status}: {text}" for text in describe(errors)]


    def undocumented_fields(self, method: str, sandbox_path: str, body: bytes) -> list[str]:
        """Request body fields the operation's schema does not name. The specs leave additional
        properties open, so openapi-core accepts them; BigCommerce may ignore or refuse them."""
        operation = self.operation(method, sandbox_path)
        if operation is None or not body:
            return []
        document = operation.document
        request_body = _resolve(document, document["paths"][operation.template][method.lower()].get("requestBody", {}))
        schema = request_body.get("content", {}).get("application/json", {}).get("schema")
        if schema is None:
            return []
        found: list[str] = []
        _collect_undocumented(document, schema, json.loads(body), "", found)
        where = f"{operation.spec_name} {operation.template}"
        return [f"{where}: '{field}' is not in the request schema" for field in found]


def _resolve(document: dict, node: dict) -> dict:
    while isinstance(node, dict) and "$ref" in node:
        target = document
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def _properties(document: dict, schema: dict) -> tuple[dict, bool]:
    """The properties a schema names through allOf, anyOf and oneOf, and whether it is an object at all."""
    schema = _resolve(document, schema)
    properties = dict(schema.get("properties", {}))
    is_object = "properties" in schema or schema.get("type") == "object"
    for key in ("allOf", "anyOf", "oneOf"):
        for part in schema.get(key, []):
            more, part_is_object = _properties(document, part)
            properties.update(more)
            is_object = is_object or part_is_object
    return properties, is_object


def _collect_undocumented(document: dict, schema: dict, value, path: str, found: list[str]):
    schema = _resolve(document, schema)
    if isinstance(value, list):
        items = schema.get("items")
        for index, item in enumerate(value):
            if items is not None:
                _collect_undocumented(document, items, item, f"{path}[{index}]", found)
        return
    if not isinstance(value, dict):
        return
    properties, is_object = _properties(document, schema)
    if not properties or schema.get("additionalProperties") not in (None, False):
        return  # a free-form object (such as webhook headers)
    for key, item in value.items():
        where = f"{path}.{key}" if path else key
        if key not in properties:
            found.append(where)
        else:
            _collect_undocumented(document, properties[key], item, where, found)


def describe(errors: Iterable[Exception]) -> list[str]:
    """openapi-core's errors with the JSON Schema failures under them, one line each."""
    lines = []
    for error in errors:
        schema_errors = getattr(error.__cause__, "schema_errors", None) or getattr(error, "schema_errors", None)
        if schema_errors:
            for failure in schema_errors:
                where = "/".join(str(part) for part in failure.absolute_path) or "(root)"
                lines.append(f"{type(error).__name__} at {where}: {failure.message[:300]}")
                # For anyOf and oneOf, say what each alternative found wrong.
                reasons = {f"{'/'.join(str(p) for p in sub.absolute_path)}: {sub.message[:200]}"
                           for sub in failure.context or []}
                lines.extend(f"    because {reason}" for reason in sorted(reasons))
        else:
            cause = f" ({error.__cause__})" if error.__cause__ else ""
            lines.append(f"{type(error).__name__}: {error}{cause}"[:400])
    return lines


def _template_pattern(template: str) -> re.Pattern:
    parts = [("[^/]+" if part.startswith("{") else re.escape(part)) for part in template.split("/")]
    return re.compile("^" + "/".join(parts) + "/?$")


def _literals(template: str) -> int:
    return sum(1 for part in template.split("/") if part and not part.startswith("{"))


def _with_openapi3_nullable(node):
    """The document with every `x-nullable: true` also written as OpenAPI 3's `nullable: true`."""
    if isinstance(node, dict):
        converted = {key: _with_openapi3_nullable(value) for key, value in node.items()}
        if converted.get("x-nullable") is True:
            converted["nullable"] = True
        return converted
    if isinstance(node, list):
        return [_with_openapi3_nullable(item) for item in node]
    return node
