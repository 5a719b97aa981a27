import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A response read by `HTTPClient`.
public struct HTTPClientResponse: Sendable {
    public var status: Int
    /// Header names are lower-cased.
    public var headers: [String: String]
    public var body: Data

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// Failures of the transport itself (no HTTP status was received).
public struct HTTPTransportError: Error, CustomStringConvertible {
    public let url: String
    public let reason: String
    public var description: String { "request to \(url) failed: \(reason)" }
}

/// A thin async HTTP client over URLSession. The URL string is used exactly as given, so callers
/// control percent-encoding.
public struct HTTPClient: Sendable {
    private let session: URLSession

    public init(timeout: TimeInterval = 30) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.httpMaximumConnectionsPerHost = 8
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    public func send(
        _ method: String, _ url: String, headers: [(String, String)] = [], body: Data? = nil
    ) async throws -> HTTPClientResponse {
        guard let target = URL(string: url) else {
            throw HTTPTransportError(url: url, reason: "not a valid URL")
        }
        var request = URLRequest(url: target)
        request.httpMethod = method
        for (name, value) in headers {
            request.addValue(value, forHTTPHeaderField: name)
        }
        request.httpBody = body
        do {
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else {
                throw HTTPTransportError(url: url, reason: "not an HTTP response")
            }
            var lowered: [String: String] = [:]
            for (name, value) in http.allHeaderFields {
                if let name = name as? String, let value = value as? String {
                    lowered[name.lowercased()] = value
                }
            }
            return HTTPClientResponse(status: http.statusCode, headers: lowered, body: data)
        } catch let error as HTTPTransportError {
            throw error
        } catch {
            throw HTTPTransportError(url: url, reason: error.localizedDescription)
        }
    }
}
