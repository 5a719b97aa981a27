import Foundation

/// Why a Shopify CSV cannot be loaded: the line of the file and what to change there.
struct ShopifyCSVError: Error, Sendable, Equatable, CustomStringConvertible {
    let line: Int
    let message: String

    var description: String { "Line \(line): \(message)" }
}

/// The header of a Shopify CSV: where each column is, found by name ignoring case and spaces
/// around it.
struct ShopifyColumns: Sendable {
    private let positions: [String: Int]
    /// The column names as the header writes them.
    let names: [String]
    var count: Int { names.count }

    init(header: CSVRecord) throws(ShopifyCSVError) {
        var positions: [String: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            let key = Self.key(name)
            guard !key.isEmpty else { continue }
            guard positions[key] == nil else {
                throw ShopifyCSVError(
                    line: header.line, message: "the header names the column '\(name)' twice; keep one of them.")
            }
            positions[key] = index
        }
        for required in ["Handle", "Title"] where positions[Self.key(required)] == nil {
            throw ShopifyCSVError(
                line: header.line,
                message: "the header has no '\(required)' column; the first line must name Shopify's product "
                    + "columns (Handle,Title,Body (HTML),Vendor,…).")
        }
        self.positions = positions
        names = header.fields
    }

    func position(of name: String) -> Int? { positions[Self.key(name)] }

    func contains(_ name: String) -> Bool { position(of: name) != nil }

    private static func key(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).lowercased()
    }
}

/// One row of a Shopify CSV. Values are exactly as written (SKUs keep leading apostrophes and
/// spaces); a column the file lacks reads as empty.
struct ShopifyRow: Sendable {
    let line: Int
    let fields: [String]
    let columns: ShopifyColumns

    init(_ record: CSVRecord, columns: ShopifyColumns) throws(ShopifyCSVError) {
        guard record.fields.count == columns.count else {
            throw ShopifyCSVError(
                line: record.line,
                message: "the row has \(record.fields.count) fields but the header names \(columns.count); put "
                    + "fields that contain commas or line breaks in double quotes.")
        }
        line = record.line
        fields = record.fields
        self.columns = columns
    }

    subscript(_ column: String) -> String {
        columns.position(of: column).map { fields[$0] } ?? ""
    }

    /// Whether the row describes a variant; a row without variant columns only adds an image.
    var describesVariant: Bool {
        let columns = [
            "Option1 Value", "Option2 Value", "Option3 Value", "Variant SKU", "Variant Price", "Variant Grams",
            "Variant Inventory Qty", "Variant Barcode", "Variant Compare At Price",
        ]
        return columns.contains { !self[$0].isEmpty }
    }

    func failure(_ message: String) -> ShopifyCSVError {
        ShopifyCSVError(line: line, message: message)
    }

    /// An amount in minor units of `currency`, or nil when the column is empty.
    func amount(_ column: String, currency: String) throws(ShopifyCSVError) -> Int? {
        let text = self[column].trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        switch Money.minorUnits(text, currency: currency) {
        case .success(let minor): return minor
        case .failure(let problem): throw failure("\(column) '\(text)' \(problem.advice(currency: currency)).")
        }
    }

    /// Kilograms from `Variant Grams` (Shopify always writes grams there, whatever the display unit),
    /// or nil when empty.
    func kilograms() throws(ShopifyCSVError) -> Decimal? {
        let text = self["Variant Grams"].trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let digitsOnly = parts.allSatisfy { $0.utf8.allSatisfy { (48...57).contains($0) } }
        guard parts.count <= 2, digitsOnly, text != ".", let grams = Decimal(string: text) else {
            throw failure("Variant Grams '\(text)' is not a weight in grams; write digits, like 454.")
        }
        return grams / 1000
    }

    /// `Variant Inventory Qty`, or nil when empty; Shopify's negative (oversold) counts are returned as they are.
    func quantity() throws(ShopifyCSVError) -> Int? {
        let text = self["Variant Inventory Qty"].trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        guard let quantity = Int(text) else {
            throw failure("Variant Inventory Qty '\(text)' is not a whole number; write digits, like 12.")
        }
        return quantity
    }

    /// A text value that BigCommerce limits in length.
    func text(_ column: String, limit: Int, field: String) throws(ShopifyCSVError) -> String {
        let value = self[column]
        guard value.count <= limit else {
            throw failure(
                "\(column) is \(value.count) characters; BigCommerce's \(field) holds at most \(limit). Shorten it.")
        }
        return value
    }
}
