import CrossdockDomain
import CrossdockHTTP

/// The schemas and shared responses of the OpenAPI document, mirroring `Representations.swift`.
enum OpenAPIComponents {
    static var schemas: [String: JSONValue] {
        catalogue.merging(orders, uniquingKeysWith: { first, _ in first })
            .merging(integrations, uniquingKeysWith: { first, _ in first })
    }

    static var errorResponses: [String: JSONValue] {
        let described = [
            ("BadRequest", "The request is malformed; the message says which parameter or body to fix."),
            ("Unauthorized", "The bearer token or webhook secret is wrong."),
            ("NotFound", "No such resource."),
            ("Conflict", "The resource is not in a state that allows this action."),
            (
                "UnprocessableEntity",
                "The body names switches that do not exist or do not apply, or gives them non-boolean values."
            ),
            ("InternalError", "The hub failed; the request may be retried."),
        ]
        return Dictionary(uniqueKeysWithValues: described.map { ($0.0, Schema.response($0.1, Schema.ref("Error"))) })
    }

    private static let money: [(String, JSONValue)] = [
        (
            "amount",
            ["type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$", "description": "Decimal, e.g. 2.95 or 1050"]
        ),
        ("currency", ["type": "string", "description": "ISO 4217 code"]),
    ]

    private static func nullableNumber(_ description: String) -> JSONValue {
        ["type": "number", "nullable": true, "description": .string(description)]
    }

    private static func nullableArray(_ items: JSONValue, _ description: String) -> JSONValue {
        ["type": "array", "items": items, "nullable": true, "description": .string(description)]
    }

    private static var catalogue: [String: JSONValue] {
        [
            "Error": Schema.object([
                (
                    "error",
                    Schema.object(
                        [
                            ("code", Schema.string("Stable code for scripts and metrics")),
                            ("message", Schema.string("A sentence saying what to fix")),
                            ("fields", Schema.array(Schema.string)),
                        ], optional: ["fields"])
                )
            ]),
            "Money": Schema.object(money),
            "NullableMoney": Schema.object(money, nullable: true, description: "An amount, or null when there is none"),
            "Issue": Schema.object([("code", Schema.string), ("message", Schema.string)]),
            "OptionValue": Schema.object([("option", Schema.string), ("value", Schema.string)]),
            "Product": Schema.object(
                [
                    ("sku", Schema.string("Exactly as the merchant wrote it")),
                    ("title", Schema.string),
                    ("parent_sku", Schema.nullableString),
                    ("is_parent", Schema.boolean),
                    ("bigcommerce_product_id", Schema.integer),
                    ("bigcommerce_variant_id", Schema.nullableInteger),
                    ("option_values", Schema.array(Schema.ref("OptionValue"))),
                    ("price", Schema.ref("NullableMoney")),
                    ("inventory_level", Schema.nullableInteger),
                    ("inventory_tracking", Schema.enumeration(["none", "product", "variant"])),
                    ("reserved", Schema.integer(minimum: 0)),
                    ("warnings", Schema.array(Schema.ref("Issue"))),
                    ("attributes", Schema.ref("ProductAttributes")),
                ], optional: ["reserved"]),
            "ProductAttributes": Schema.object(
                [
                    ("brand_id", Schema.nullableInteger), ("category_ids", Schema.array(Schema.integer)),
                    ("upc", Schema.nullableString), ("gtin", Schema.nullableString), ("mpn", Schema.nullableString),
                    ("weight", nullableNumber("In the store's weight unit")),
                    ("width", nullableNumber("In the store's dimension unit")),
                    ("height", nullableNumber("In the store's dimension unit")),
                    ("depth", nullableNumber("In the store's dimension unit")),
                    ("cost", Schema.ref("NullableMoney")), ("sale_price", Schema.ref("NullableMoney")),
                    ("image_url", Schema.nullableString),
                    (
                        "images",
                        nullableArray(Schema.ref("ProductImage"), "The product's images; null when it has none")
                    ),
                    (
                        "custom_fields",
                        nullableArray(Schema.ref("CustomField"), "The product's custom fields; null when it has none")
                    ),
                ], description: "What BigCommerce says about the product beyond price and stock; null where unset"),
            "ProductImage": Schema.object([
                ("url", Schema.string("The standard-size image")), ("description", Schema.nullableString),
                ("is_thumbnail", Schema.boolean),
            ]),
            "CustomField": Schema.object([("name", Schema.string), ("value", Schema.string)]),
            "PageMeta": Schema.object([
                ("total", Schema.integer(minimum: 0)), ("page", Schema.integer(minimum: 1)),
                ("per_page", Schema.integer(minimum: 1)),
            ]),
            "ProductPage": Schema.object([
                ("data", Schema.array(Schema.ref("Product"))), ("meta", Schema.ref("PageMeta")),
            ]),
            "ImportProblem": Schema.object([
                ("bigcommerce_product_id", Schema.integer), ("bigcommerce_variant_id", Schema.nullableInteger),
                ("sku", Schema.string), ("title", Schema.string), ("code", Schema.string),
                ("message", Schema.string("Why it was not imported, and what to change in BigCommerce")),
            ]),
            "ImportProblemList": Schema.object([("data", Schema.array(Schema.ref("ImportProblem")))]),
            "CatalogStatus": Schema.object([
                ("state", Schema.enumeration(["not_started", "importing", "complete"])),
                ("imported", Schema.integer(minimum: 0)), ("total", Schema.integer(minimum: 0)),
                ("problems", Schema.integer(minimum: 0)),
                ("rate_per_second", ["type": "number", "minimum": 0]),
                ("eta_seconds", ["type": "integer", "minimum": 0, "nullable": true]),
            ]),
            "OrderCounts": Schema.object([
                ("imported", Schema.integer(minimum: 0)), ("routed", Schema.integer(minimum: 0)),
                ("waiting", Schema.integer(minimum: 0)), ("blocked", Schema.integer(minimum: 0)),
                ("tracking_sent", Schema.integer(minimum: 0)),
            ]),
            "IntegrationSummary": Schema.object([
                ("id", Schema.string), ("channel", channel), ("name", Schema.string),
                ("last_error", Schema.nullableString),
            ]),
            "Status": Schema.object([
                ("catalog", Schema.ref("CatalogStatus")), ("orders", Schema.ref("OrderCounts")),
                ("integrations", Schema.array(Schema.ref("IntegrationSummary"))),
            ]),
        ]
    }

    private static let orderProperties: [(String, JSONValue)] = [
        ("id", Schema.integer(minimum: 1)),
        ("integration_id", Schema.string),
        ("channel", ["type": "string", "nullable": true, "description": "The integration's channel"]),
        ("marketplace_order_id", Schema.string),
        ("marketplace_status", Schema.string("The marketplace's own status word")),
        ("state", Schema.enumeration(OrderState.allCases.map(\.rawValue))),
        ("reason", ["type": "string", "nullable": true, "description": "Why the order waits or is blocked"]),
        ("bigcommerce_order_id", Schema.nullableInteger),
        ("tracking_numbers", Schema.array(Schema.string)),
        ("purchased_at", ["type": "string", "nullable": true, "description": "ISO 8601, UTC"]),
        ("total", Schema.ref("NullableMoney")),
        ("lines", Schema.array(Schema.ref("OrderLine"))),
    ]

    private static var orders: [String: JSONValue] {
        [
            "OrderLine": Schema.object([
                ("line_id", Schema.string), ("sku", Schema.string), ("title", Schema.nullableString),
                ("quantity", Schema.integer), ("quantity_shipped", Schema.integer(minimum: 0)),
            ]),
            "Order": Schema.object(orderProperties),
            "OrderDetail": Schema.object(orderProperties + [("shipments", Schema.array(Schema.ref("Shipment")))]),
            "Shipment": Schema.object([
                ("id", Schema.integer), ("bigcommerce_shipment_id", Schema.integer),
                ("tracking_number", Schema.nullableString), ("carrier", Schema.nullableString),
                ("state", Schema.enumeration(["pending", "sent", "failed"])), ("last_error", Schema.nullableString),
            ]),
            "OrderPage": Schema.object([("data", Schema.array(Schema.ref("Order"))), ("meta", Schema.ref("PageMeta"))]),
        ]
    }

    private static var channel: JSONValue { Schema.enumeration(Channel.allCases.map(\.rawValue)) }

    private static var integrations: [String: JSONValue] {
        let switches = IntegrationSettings.switches.map { ($0.key, Schema.boolean) }
        return [
            "Integration": Schema.object([
                ("id", Schema.string), ("channel", channel), ("name", Schema.string),
                ("last_error", Schema.nullableString),
                (
                    "settings",
                    Schema.object(
                        switches, optional: Set(switches.map(\.0)), description: "Switches that apply to the channel")
                ),
                ("stage", Schema.string("Where the integration stands in the staged go-live")),
            ]),
            "IntegrationList": Schema.object([("data", Schema.array(Schema.ref("Integration")))]),
            "SwitchChanges": [
                "type": "object",
                "description": "Switch names mapped to true or false, e.g. {\"export_quantities\": true}",
                "additionalProperties": Schema.boolean,
            ],
            "BigCommerceWebhook": [
                "type": "object",
                "required": ["scope", "hash"],
                "properties": [
                    "scope": Schema.string("Such as store/product/inventory/updated"),
                    "hash": Schema.string("Identifies the event; repeated deliveries carry the same hash"),
                    "store_id": Schema.string, "created_at": Schema.integer, "producer": Schema.string,
                    "data": ["type": "object", "description": "The light payload; the hub re-reads current state"],
                ],
            ],
            "WebhookReceipt": Schema.object([
                ("outcome", Schema.enumeration(["queued", "duplicate", "ignored"])), ("scope", Schema.string),
            ]),
        ]
    }
}
