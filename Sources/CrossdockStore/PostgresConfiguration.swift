import Foundation

/// Where a PostgreSQL store lives: a libpq connection URL, plus the schema its tables go in.
///
/// `postgresql://user:password@host:port/database?schema=name` keeps the hub's tables in `name`
/// (created when missing) instead of the role's default search path; every other parameter is
/// libpq's own (`sslmode`, `connect_timeout`, `options`…).
struct PostgresConfiguration: Sendable {
    /// What libpq is given: the URL without the hub's own parameters.
    let connectionString: String
    let schema: String?
    /// The URL with its password hidden, for messages and logs.
    let redactedURL: String

    /// Recognises `postgresql://` and `postgres://` URLs; nil for anything else.
    init?(url: String) throws {
        guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") else { return nil }
        let (base, query) = Self.split(url, at: "?")
        var parameters = query.map { $0.split(separator: "&", omittingEmptySubsequences: true).map(String.init) } ?? []

        var schema: String?
        parameters.removeAll { parameter in
            let (name, value) = Self.split(parameter, at: "=")
            guard name == "schema" else { return false }
            schema = value.flatMap { $0.removingPercentEncoding }
            return true
        }
        if let schema, !Self.isPlainIdentifier(schema) {
            throw PostgresError(
                sqlState: nil,
                message: "The schema name \"\(schema)\" is not usable: use letters, digits and underscores, "
                    + "starting with a letter or underscore, at most 63 characters.",
                sql: nil)
        }
        for (name, value) in [("client_encoding", "UTF8"), ("connect_timeout", "10")]
        where !parameters.contains(where: { Self.split($0, at: "=").0 == name }) {
            parameters.append("\(name)=\(value)")
        }

        self.schema = schema
        connectionString = base + "?" + parameters.joined(separator: "&")
        redactedURL = Self.redactingPassword(url)
    }

    /// The same server and settings with the tables in `schema` (a plain identifier).
    func withSchema(_ schema: String) -> PostgresConfiguration {
        PostgresConfiguration(connectionString: connectionString, schema: schema, redactedURL: redactedURL)
    }

    private init(connectionString: String, schema: String?, redactedURL: String) {
        self.connectionString = connectionString
        self.schema = schema
        self.redactedURL = redactedURL
    }

    /// Letters, digits and underscores, as an unquoted SQL identifier would be (case is kept).
    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.utf8.count <= 63 else { return false }
        let isLetter = { (scalar: Unicode.Scalar) in scalar.isASCII && (scalar == "_" || scalar.properties.isAlphabetic)
        }
        let isDigit = { (scalar: Unicode.Scalar) in scalar >= "0" && scalar <= "9" }
        return isLetter(first) && name.unicodeScalars.allSatisfy { isLetter($0) || isDigit($0) }
    }

    /// Hides the password of the user part (`user:secret@`) and of a `password=` parameter.
    private static func redactingPassword(_ url: String) -> String {
        let (base, query) = split(url, at: "?")
        let parameters = query?.split(separator: "&").map { parameter in
            parameter.hasPrefix("password=") ? "password=***" : String(parameter)
        }
        var redacted = base
        if let scheme = base.range(of: "://") {
            let rest = base[scheme.upperBound...]
            let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
                redacted = String(base[..<rest.index(after: colon)]) + "***" + String(base[at...])
            }
        }
        return redacted + (parameters.map { "?" + $0.joined(separator: "&") } ?? "")
    }

    private static func split(_ text: String, at separator: Character) -> (String, String?) {
        guard let index = text.firstIndex(of: separator) else { return (text, nil) }
        return (String(text[..<index]), String(text[text.index(after: index)...]))
    }
}
