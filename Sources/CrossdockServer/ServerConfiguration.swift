import Foundation

/// How the hub's web server listens and whom it lets in.
///
/// Keys read from the environment by `fromEnvironment()`:
/// - `CROSSDOCK_ADMIN_TOKEN`: the API token scripts send as `Authorization: Bearer <token>`.
public struct ServerConfiguration: Sendable {
    /// The IPv4 address to listen on; loopback by default, so the hub is not reachable from other machines.
    public var host: String
    /// The TCP port; 0 picks a free one.
    public var port: UInt16
    /// The API token; nil when none is configured.
    public var adminToken: String?

    public init(host: String = "127.0.0.1", port: UInt16 = 8080, adminToken: String? = nil) {
        self.host = host
        self.port = port
        self.adminToken = adminToken
    }

    /// Defaults, with the admin token taken from `CROSSDOCK_ADMIN_TOKEN` (an empty value counts as none).
    public static func fromEnvironment(
        host: String = "127.0.0.1", port: UInt16 = 8080,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> ServerConfiguration {
        let token = environment["CROSSDOCK_ADMIN_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return ServerConfiguration(host: host, port: port, adminToken: token)
    }
}
