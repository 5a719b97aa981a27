import CrossdockHTTP

/// The hub's OpenAPI 3.0.3 document: every `/api/v1` operation, the webhook receiver and metrics.
/// Response schemas forbid undocumented keys, so the contract tests notice any drift from the handlers.
enum OpenAPIDocument {
    static var root: JSONValue {
        [
            "openapi": "3.0.3",
            "info": [
                "title": "Crossdock hub API",
                "version": "1",
                "description": """
                The JSON API of a Crossdock hub. Keys are snake_case; money is a decimal string with its \
                ISO 4217 currency; errors are {"error": {"code", "message"}} where the message says what to fix. \
                Scripts authenticate with "Authorization: Bearer <CROSSDOCK_ADMIN_TOKEN>". A wrong token is \
                refused with 401; until the hub has a login, requests without credentials are accepted, which \
                is why the hub listens on loopback by default.
                """,
            ],
            "security": [["bearerAuth": []], [:]],
            "paths": .object(paths),
            "components": [
                "schemas": .object(OpenAPIComponents.schemas),
                "responses": .object(OpenAPIComponents.errorResponses),
                "securitySchemes": [
                    "bearerAuth": [
                        "type": "http", "scheme": "bearer",
                        "description": "The value of CROSSDOCK_ADMIN_TOKEN in the hub's environment.",
                    ],
                    "webhookSecret": [
                        "type": "apiKey", "in": "header", "name": .string(WebhookRoutes.bigCommerceSecretHeader),
                        "description": """
                        The webhook_secret of the BigCommerce integration, sent back by BigCommerce as a custom \
                        header on every delivery.
                        """,
                    ],
                ],
            ],
        ]
    }

    private static var paths: [String: JSONValue] {
        [
            "/api/v1/status": [
                "get": operation("getStatus", "Import progress, order counts and integrations", ok: "Status")
            ],
            "/api/v1/products": ["get": products],
            "/api/v1/import-problems": [
                "get": operation(
                    "listImportProblems", "Products that could not be imported, with the reason",
                    ok: "ImportProblemList")
            ],
            "/api/v1/orders": ["get": orders],
            "/api/v1/orders/{id}": ["get": order],
            "/api/v1/orders/{id}/retry": ["post": retry],
            "/api/v1/integrations": [
                "get": operation(
                    "listIntegrations", "Connected channels and their switches (never credentials)",
                    ok: "IntegrationList")
            ],
            "/api/v1/integrations/{id}/settings": ["patch": updateSettings],
            "/api/openapi.json": [
                "get": [
                    "operationId": "getOpenAPIDocument", "summary": "This document",
                    "responses": ["200": Schema.response("The OpenAPI document", ["type": "object"])],
                ]
            ],
            "/webhooks/bigcommerce": ["post": bigCommerceWebhook],
            "/metrics": ["get": metrics],
        ]
    }

    /// A GET with no parameters answering 200 with a component schema.
    private static func operation(_ id: String, _ summary: String, ok schema: String) -> JSONValue {
        [
            "operationId": .string(id), "summary": .string(summary),
            "responses": [
                "200": Schema.response(summary, Schema.ref(schema)),
                "401": Schema.errorResponse("Unauthorized"),
                "500": Schema.errorResponse("InternalError"),
            ],
        ]
    }

    private static let pagingParameters: [JSONValue] = [
        Schema.queryParameter("page", "Page number, from 1.", ["type": "integer", "minimum": 1, "default": 1]),
        Schema.queryParameter(
            "per_page", "Entries per page, at most 250.",
            ["type": "integer", "minimum": 1, "maximum": 250, "default": 50]),
    ]

    private static let orderID = Schema.pathParameter("id", "The hub's order id.", ["type": "integer", "minimum": 1])

    private static var products: JSONValue {
        [
            "operationId": "listProducts",
            "summary": "Catalogue entries whose SKU or title contains the search text, variants after their parent",
            "parameters": .array(
                [Schema.queryParameter("search", "Text to find in SKUs and titles (case-insensitive).", Schema.string)]
                    + pagingParameters),
            "responses": [
                "200": Schema.response("A page of products", Schema.ref("ProductPage")),
                "400": Schema.errorResponse("BadRequest"),
                "401": Schema.errorResponse("Unauthorized"),
                "500": Schema.errorResponse("InternalError"),
            ],
        ]
    }

    private static var orders: JSONValue {
        [
            "operationId": "listOrders", "summary": "Marketplace orders, newest first, without buyer data",
            "parameters": .array(pagingParameters),
            "responses": [
                "200": Schema.response("A page of orders", Schema.ref("OrderPage")),
                "400": Schema.errorResponse("BadRequest"),
                "401": Schema.errorResponse("Unauthorized"),
                "500": Schema.errorResponse("InternalError"),
            ],
        ]
    }

    private static var order: JSONValue {
        [
            "operationId": "getOrder", "summary": "One order with its shipments, without buyer data",
            "parameters": [orderID],
            "responses": [
                "200": Schema.response("The order", Schema.ref("OrderDetail")),
                "401": Schema.errorResponse("Unauthorized"),
                "404": Schema.errorResponse("NotFound"),
                "500": Schema.errorResponse("InternalError"),
            ],
        ]
    }

    private static var retry: JSONValue {
        [
            "operationId": "retryOrder",
            "summary": "Send a blocked order back to routing (after fixing its reason, such as an unknown SKU)",
            "parameters": [orderID],
            "responses": [
                "202": Schema.response("The order, now ready; its routing job is queued", Schema.ref("Order")),
                "401": Schema.errorResponse("Unauthorized"),
                "404": Schema.errorResponse("NotFound"),
                "409": Schema.errorResponse("Conflict"),
                "500": Schema.errorResponse("InternalError"),
            ],
        ]
    }

    private static var updateSettings: JSONValue {
        [
            "operationId": "updateIntegrationSettings",
            "summary": "Turn an integration's inbound and outbound switches on or off",
            "description": """
            Only switches that apply to the integration's channel are accepted: inventory_truth, \
            export_orders and create_custom_lines on BigCommerce; publish_listings, export_tracking, \
            export_quantities and export_prices on marketplaces. Turning export_quantities on queues a full quantity \
            reconciliation of that marketplace.
            """,
            "parameters": [Schema.pathParameter("id", "The integration id.", Schema.string)],
            "requestBody": [
                "required": true,
                "content": ["application/json": ["schema": Schema.ref("SwitchChanges")]],
            ],
            "responses": [
                "200": Schema.response("The integration with its saved switches", Schema.ref("Integration")),
                "400": Schema.errorResponse("BadRequest"),
                "401": Schema.errorResponse("Unauthorized"),
                "404": Schema.errorResponse("NotFound"),
                "422": Schema.errorResponse("UnprocessableEntity"),
                "500": Schema.errorResponse("InternalError"),
            ],
        ]
    }

    private static var bigCommerceWebhook: JSONValue {
        [
            "operationId": "receiveBigCommerceWebhook",
            "summary": "BigCommerce webhook receiver",
            "description": """
            Checks the shared secret before anything else, drops deliveries whose hash was seen before, \
            queues the work and answers at once. Scopes the hub does not act on are answered 200 and ignored.
            """,
            "security": [["webhookSecret": []]],
            "requestBody": [
                "required": true,
                "content": ["application/json": ["schema": Schema.ref("BigCommerceWebhook")]],
            ],
            "responses": [
                "200": Schema.response("What the hub did with the delivery", Schema.ref("WebhookReceipt")),
                "400": Schema.errorResponse("BadRequest"),
                "401": Schema.errorResponse("Unauthorized"),
                "500": Schema.errorResponse("InternalError"),
            ],
        ]
    }

    private static var metrics: JSONValue {
        [
            "operationId": "getMetrics",
            "summary": "Gauges in the Prometheus text format (catalogue import, orders, queued jobs)",
            "responses": [
                "200": [
                    "description": "Prometheus text exposition format 0.0.4",
                    "content": ["text/plain": ["schema": Schema.string]],
                ],
                "401": Schema.errorResponse("Unauthorized"),
            ],
        ]
    }
}
