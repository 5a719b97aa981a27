import Foundation

/// Structured logging: a constant message and fields, one line of `key=value` pairs on stderr.
///
/// Fields never carry secrets or buyer addresses. The level comes from `CROSSDOCK_LOG`
/// (`debug`, `info`, `error`; default `info`).
public enum Log {
    public enum Level: Int, Sendable {
        case debug = 0, info = 1, error = 2

        var name: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .error: "error"
            }
        }
    }

    public static let threshold: Level =
        switch ProcessInfo.processInfo.environment["CROSSDOCK_LOG"] {
        case "debug": .debug
        case "error": .error
        default: .info
        }

    public static func debug(_ message: StaticString, _ fields: KeyValuePairs<String, String> = [:]) {
        write(.debug, message, fields)
    }

    public static func info(_ message: StaticString, _ fields: KeyValuePairs<String, String> = [:]) {
        write(.info, message, fields)
    }

    public static func error(_ message: StaticString, _ fields: KeyValuePairs<String, String> = [:]) {
        write(.error, message, fields)
    }

    /// UTC time to the millisecond, so that the logs of several processes can be merged in order.
    private static func timestamp() -> String {
        Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    private static func write(_ level: Level, _ message: StaticString, _ fields: KeyValuePairs<String, String>) {
        guard level.rawValue >= threshold.rawValue else { return }
        var line = "ts=\(timestamp()) level=\(level.name) msg=\(quoted("\(message)"))"
        for (key, value) in fields {
            line += " \(key)=\(quoted(value))"
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private static func quoted(_ value: String) -> String {
        let plain = !value.isEmpty && value.allSatisfy { $0.isLetter || $0.isNumber || "-_./:".contains($0) }
        if plain { return value }
        return "\""
            + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
