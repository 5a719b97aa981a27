/// A merchant's stock-keeping unit: an opaque string kept exactly as written.
///
/// SKUs are never trimmed, case-folded or normalised. BigCommerce treats SKUs as unique
/// regardless of letter case, so uniqueness and matching use `matchKey`.
public struct SKU: Hashable, Sendable, CustomStringConvertible {
    /// The longest SKU the hub imports, in Unicode scalar values.
    public static let maximumLength = 100

    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    /// The key used for case-insensitive uniqueness and matching.
    public var matchKey: String { value.lowercased() }

    /// Length as the limits count it: Unicode scalar values.
    public var length: Int { value.unicodeScalars.count }

    public var description: String { value }

    /// Why this SKU cannot be imported, or nil when it can.
    public var importProblem: CatalogueIssue? {
        if value.isEmpty {
            return CatalogueIssue(
                code: .skuEmpty, message: "SKU is empty; give the product or variant a SKU in BigCommerce.")
        }
        if length > Self.maximumLength {
            return CatalogueIssue(
                code: .skuTooLong,
                message: "SKU is \(length) characters; the limit is \(Self.maximumLength). Shorten it in BigCommerce.")
        }
        return nil
    }

    /// Things worth the merchant's attention that do not stop the import.
    public var warnings: [CatalogueIssue] {
        var found: [CatalogueIssue] = []
        if let first = value.unicodeScalars.first, let last = value.unicodeScalars.last,
            first.properties.isWhitespace || last.properties.isWhitespace
        {
            found.append(
                CatalogueIssue(
                    code: .skuWhitespace,
                    message: "SKU starts or ends with whitespace; channels may trim it and fail to match it."))
        }
        if value.hasPrefix("'") {
            found.append(
                CatalogueIssue(
                    code: .skuApostrophe,
                    message: "SKU starts with an apostrophe, likely a spreadsheet text marker that leaked into "
                        + "the data; remove it in BigCommerce if it is not part of the SKU."))
        }
        if length > ChannelLimits.amazonSKULength {
            found.append(
                CatalogueIssue(
                    code: .skuTooLongForAmazon,
                    message:
                        "Amazon allows at most \(ChannelLimits.amazonSKULength) characters; this SKU has \(length)."
                ))
        }
        return found
    }
}

/// Limits that channels impose on catalogue data.
public enum ChannelLimits {
    public static let amazonSKULength = 40
}
