import Foundation

/// Matches a request's method and path against patterns such as `/v3/catalog/products/{id}`.
///
/// A `{name}` matches one decoded path segment; a trailing `{name...}` matches the rest.
public struct Router: Sendable {
    private struct Route: Sendable {
        let method: String
        let pattern: [String]
        let handler: HTTPHandler
    }

    private var routes: [Route] = []

    public init() {}

    public mutating func add(_ method: String, _ pattern: String, _ handler: @escaping HTTPHandler) {
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        routes.append(Route(method: method, pattern: segments, handler: handler))
    }

    public mutating func get(_ pattern: String, _ handler: @escaping HTTPHandler) { add("GET", pattern, handler) }
    public mutating func post(_ pattern: String, _ handler: @escaping HTTPHandler) { add("POST", pattern, handler) }
    public mutating func put(_ pattern: String, _ handler: @escaping HTTPHandler) { add("PUT", pattern, handler) }
    public mutating func patch(_ pattern: String, _ handler: @escaping HTTPHandler) { add("PATCH", pattern, handler) }
    public mutating func delete(_ pattern: String, _ handler: @escaping HTTPHandler) {
        add("DELETE", pattern, handler)
    }

    /// Finds the handler for a request, or nil; `methodMismatch` tells 405 from 404.
    public func match(_ request: HTTPRequest) -> (handler: HTTPHandler, request: HTTPRequest)? {
        let segments = request.pathSegments
        for route in routes where route.method == request.method || (request.method == "HEAD" && route.method == "GET")
        {
            if let parameters = Self.bind(route.pattern, to: segments) {
                var bound = request
                bound.pathParameters = parameters
                return (route.handler, bound)
            }
        }
        return nil
    }

    /// Runs the matching handler, or answers 404.
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        guard let (handler, bound) = match(request) else {
            return .jsonObject(
                ["status": 404, "title": "No route for \(request.method) \(request.rawPath)"], status: 404)
        }
        return await handler(bound)
    }

    private static func bind(_ pattern: [String], to segments: [String]) -> [String: String]? {
        var parameters: [String: String] = [:]
        for (index, part) in pattern.enumerated() {
            if part.hasPrefix("{") && part.hasSuffix("...}") {
                let name = String(part.dropFirst().dropLast(4))
                guard index < segments.count else { return nil }
                parameters[name] = segments[index...].joined(separator: "/")
                return parameters
            }
            guard index < segments.count else { return nil }
            if part.hasPrefix("{") && part.hasSuffix("}") {
                parameters[String(part.dropFirst().dropLast())] = segments[index]
            } else if part != segments[index] {
                return nil
            }
        }
        return pattern.count == segments.count ? parameters : nil
    }
}
