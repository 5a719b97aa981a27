import CrossdockHTTP
import Foundation

/// Serves the OpenAPI 3.0.3 document that describes the API and the webhook receivers.
struct OpenAPIRoutes: Sendable {
    /// Encoded once: the document does not change while the hub runs.
    static let document: Data = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(OpenAPIDocument.root)) ?? Data("{}".utf8)
    }()

    func register(on router: inout Router) {
        router.get("/api/openapi.json", Endpoint.api { _ in .jsonData(Self.document) })
    }
}

/// Small builders for the schemas of the OpenAPI document.
enum Schema {
    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let number: JSONValue = ["type": "number"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let nullableString: JSONValue = ["type": "string", "nullable": true]
    static let nullableInteger: JSONValue = ["type": "integer", "nullable": true]

    static func string(_ description: String) -> JSONValue {
        ["type": "string", "description": .string(description)]
    }

    static func integer(minimum: Int) -> JSONValue {
        ["type": "integer", "minimum": .int(minimum)]
    }

    static func enumeration(_ values: [String]) -> JSONValue {
        ["type": "string", "enum": .array(values.map(JSONValue.string))]
    }

    static func array(_ items: JSONValue) -> JSONValue {
        ["type": "array", "items": items]
    }

    static func ref(_ name: String) -> JSONValue {
        ["$ref": .string("#/components/schemas/\(name)")]
    }

    /// An object whose listed properties are all required unless named in `optional`; no other keys.
    static func object(
        _ properties: [(String, JSONValue)], optional: Set<String> = [], nullable: Bool = false,
        description: String? = nil
    ) -> JSONValue {
        var members: [String: JSONValue] = [
            "type": "object",
            "properties": .object(Dictionary(properties, uniquingKeysWith: { _, last in last })),
            "additionalProperties": false,
        ]
        let required = properties.map(\.0).filter { !optional.contains($0) }
        if !required.isEmpty {
            members["required"] = .array(required.map(JSONValue.string))
        }
        if nullable {
            members["nullable"] = true
        }
        if let description {
            members["description"] = .string(description)
        }
        return .object(members)
    }

    /// A JSON response body of the given schema.
    static func response(_ description: String, _ schema: JSONValue) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": schema]]]
    }

    /// A reference to one of the shared error responses.
    static func errorResponse(_ name: String) -> JSONValue {
        ["$ref": .string("#/components/responses/\(name)")]
    }

    static func queryParameter(_ name: String, _ description: String, _ schema: JSONValue) -> JSONValue {
        [
            "name": .string(name), "in": "query", "required": false, "description": .string(description),
            "schema": schema,
        ]
    }

    static func pathParameter(_ name: String, _ description: String, _ schema: JSONValue) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "description": .string(description), "schema": schema]
    }
}
