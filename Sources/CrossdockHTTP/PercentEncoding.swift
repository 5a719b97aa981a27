import Foundation

/// Percent-encoding as RFC 3986 defines it, applied exactly once.
public enum PercentEncoding {
    /// Characters left as they are in a path segment or a query value: RFC 3986's unreserved set.
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Encodes one path segment or query component: everything outside the unreserved set,
    /// including `/`, `&`, `+`, `#`, `,`, `:` and spaces, becomes `%XX`.
    public static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// Decodes `%XX` sequences; nil when the text holds an invalid escape.
    public static func decode(_ text: String) -> String? {
        text.removingPercentEncoding
    }

    /// Decodes a form or query component, where `+` stands for a space.
    public static func decodeFormComponent(_ text: String) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// Parses `a=1&b=2` into decoded pairs, keeping order and repeats.
    public static func parseQuery(_ query: String) -> [(name: String, value: String)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decodeFormComponent(String(parts[0]))
            let value = parts.count > 1 ? decodeFormComponent(String(parts[1])) : ""
            return (name, value)
        }
    }

    /// Builds `a=1&b=2` with each name and value encoded once.
    public static func query(_ items: [(String, String)]) -> String {
        items.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }
}
