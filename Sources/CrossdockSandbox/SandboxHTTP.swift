import CrossdockHTTP
import Foundation
import Synchronization

/// The sandbox's own address, known once the server has bound its port; handlers read it to
/// write absolute URLs.
final class SandboxAddress: Sendable {
    private let host: String
    private let port = Mutex<UInt16>(0)

    init(host: String) {
        self.host = host
    }

    func bind(port bound: UInt16) {
        port.withLock { $0 = bound }
    }

    var baseURL: String { "http://\(host):\(port.withLock { $0 })" }
}

extension HTTPResponse {
    /// A JSON body from plain dictionaries, arrays and scalars, keys sorted.
    static func jsonTree(_ tree: Any, status: Int = 200, contentType: String = "application/json") -> HTTPResponse {
        .jsonData(JSONValue(tree: tree).encoded, status: status, contentType: contentType)
    }

    func withHeaders(_ extra: [(String, String)]) -> HTTPResponse {
        var copy = self
        copy.headers += extra.map { (name: $0.0, value: $0.1) }
        return copy
    }
}

extension HTTPRequest {
    /// A positive integer query parameter, or nil when absent or not a number.
    func positiveInt(_ name: String) -> Int? {
        queryValue(name).flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
    }

    /// A comma-separated query parameter as its items, or nil when absent.
    func commaList(_ name: String) -> [String]? {
        guard let value = queryValue(name) else { return nil }
        return value.split(separator: ",", omittingEmptySubsequences: true).map(String.init)
    }

    func intParameter(_ name: String) -> Int? {
        Int(parameter(name))
    }
}

/// A value for a JSON object built from dictionaries: the value itself, or `null`.
func orNull<T>(_ value: T?) -> Any {
    value.map { $0 as Any } ?? NSNull()
}
