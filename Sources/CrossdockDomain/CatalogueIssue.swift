/// A problem or warning about a product, with a stable code and a sentence for the merchant.
public struct CatalogueIssue: Hashable, Sendable, Codable {
    public struct Code: RawRepresentable, Hashable, Sendable, Codable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let skuEmpty = Code(rawValue: "sku_empty")
        public static let skuTooLong = Code(rawValue: "sku_too_long")
        public static let skuDuplicate = Code(rawValue: "sku_duplicate")
        public static let skuWhitespace = Code(rawValue: "sku_whitespace")
        public static let skuApostrophe = Code(rawValue: "sku_apostrophe")
        public static let skuTooLongForAmazon = Code(rawValue: "sku_too_long_for_amazon")
        public static let skuCaseDiffers = Code(rawValue: "sku_case_differs")
    }

    public let code: Code
    public let message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }
}
