import Foundation

/// One HTTP request as the server received it, with the body fully read.
public struct HTTPRequest: Sendable {
    public var method: String
    /// The request path exactly as sent, still percent-encoded (`/items/DE-3602%2F4`).
    public var rawPath: String
    /// Query parameters in the order sent, decoded (`+` is a space, `%2B` a plus).
    public var query: [(name: String, value: String)]
    /// Header names are lower-cased.
    public var headers: [String: String]
    public var body: Data
    /// Path parameters filled in by the router (`{sku}` → decoded value).
    public var pathParameters: [String: String] = [:]

    public init(
        method: String, rawPath: String, query: [(name: String, value: String)] = [],
        headers: [String: String] = [:], body: Data = Data()
    ) {
        self.method = method
        self.rawPath = rawPath
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The path split into decoded segments; an encoded slash stays inside its segment.
    public var pathSegments: [String] {
        rawPath.split(separator: "/", omittingEmptySubsequences: true).map {
            PercentEncoding.decode(String($0)) ?? String($0)
        }
    }

    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }

    /// The first value of a query parameter.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    public func queryValues(_ name: String) -> [String] {
        query.filter { $0.name == name }.map(\.value)
    }

    /// A path parameter captured by the router.
    public func parameter(_ name: String) -> String {
        pathParameters[name] ?? ""
    }

    /// Decodes the body as JSON into `T`.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: body)
    }

    /// Form fields of an `application/x-www-form-urlencoded` body.
    public var formFields: [(name: String, value: String)] {
        PercentEncoding.parseQuery(String(decoding: body, as: UTF8.self))
    }
}

extension HTTPRequest {
    /// The query re-encoded (`?a=1&b=2`), or an empty string when there is none.
    public var queryString: String {
        query.isEmpty ? "" : "?" + PercentEncoding.query(query.map { ($0.name, $0.value) })
    }
}
