import Foundation

/// A failed channel call, with a sentence for the merchant and whether retrying can help.
public struct ChannelError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        /// Credentials refused: the merchant must fix them.
        case unauthorized
        /// The channel refused the request's content: retrying the same call will not help.
        case rejected
        /// Not found on the channel.
        case notFound
        /// Throttled, overloaded or unreachable: retry later.
        case transient
    }

    public let kind: Kind
    public let channel: String
    public let status: Int?
    public let message: String

    public init(kind: Kind, channel: String, status: Int?, message: String) {
        self.kind = kind
        self.channel = channel
        self.status = status
        self.message = message
    }

    public var description: String {
        "\(channel)" + (status.map { " answered \($0)" } ?? "") + ": \(message)"
    }

    public var isRetryable: Bool { kind == .transient }

    /// Classifies an HTTP status the way every channel uses them.
    static func from(status: Int, channel: String, body: Data) -> ChannelError {
        let text = String(decoding: body.prefix(400), as: UTF8.self)
        let kind: Kind =
            switch status {
            case 401, 403: .unauthorized
            case 404: .notFound
            case 408, 409, 425, 429, 500...599: .transient
            default: .rejected
            }
        return ChannelError(kind: kind, channel: channel, status: status, message: text.isEmpty ? "no details" : text)
    }
}

/// Waits, honouring cancellation.
func pause(milliseconds: Int) async {
    guard milliseconds > 0 else { return }
    try? await Task.sleep(for: .milliseconds(milliseconds))
}
