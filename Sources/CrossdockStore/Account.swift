import Foundation

/// A merchant account: one BigCommerce store and its marketplaces. Accounts never share rows; on
/// PostgreSQL each one's tables live in a schema of their own.
public struct AccountID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The account of a deployment that has only one, and the only account SQLite holds.
    public static let `default` = AccountID(validated: "default")

    /// Letters, digits, underscores and hyphens, as the merchant or operator wrote it.
    public let rawValue: String

    /// Accepts 1 to 40 letters (a–z, A–Z), digits, underscores and hyphens.
    public init(_ text: String) throws {
        let allowed = text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
        }
        guard !text.isEmpty, text.utf8.count <= 40, allowed else {
            throw AccountError(
                description: "The account id \"\(text)\" is not usable: use 1 to 40 letters, digits, underscores "
                    + "and hyphens.")
        }
        rawValue = text
    }

    private init(validated: String) {
        rawValue = validated
    }

    public var description: String { rawValue }

    public var isDefault: Bool { self == .default }

    /// The PostgreSQL schema of an account other than `default`, within a deployment whose URL
    /// names `base` (`?schema=`): the base schema's name (or `crossdock` when the URL names none or
    /// `public`), an underscore, and the id in lower case with hyphens written as underscores, so
    /// that it is a plain identifier and two deployments sharing a database never share an account's
    /// tables. Two ids that map to the same schema (`shop-1`, `Shop_1`) are told apart by the
    /// registry, which refuses the second.
    public func schemaName(base: String?) -> String {
        let prefix = base.flatMap { $0 == "public" ? nil : $0 } ?? "crossdock"
        return prefix + "_" + rawValue.lowercased().replacingOccurrences(of: "-", with: "_")
    }

    /// PostgreSQL cuts identifiers at 63 bytes; a longer schema name could collide with another.
    static let longestSchemaName = 63

    public static func < (lhs: AccountID, rhs: AccountID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// An account that cannot be opened as asked: a malformed id, an account SQLite cannot hold, or one
/// whose schema another account already uses.
public struct AccountError: Error, CustomStringConvertible {
    public let description: String
}
