import CrossdockDomain
import Foundation

extension JSONColumn {
    /// The `attributes` column of a catalogue row, written directly rather than through
    /// `JSONEncoder`, which cost a quarter of the import's CPU time: every row of every page has one.
    /// The text is the `Codable` form of `CatalogAttributes` (keys sorted, unset values left out), so
    /// `decode` reads it like any other.
    static func encode(_ attributes: CatalogAttributes) -> String {
        var text = JSONText()
        text.open()
        text.member("brand_id", attributes.brandID.map(String.init))
        text.key("category_ids")
        text.raw("[" + attributes.categoryIDs.map(String.init).joined(separator: ",") + "]")
        text.member("cost", attributes.cost.map(Self.money))
        if let fields = attributes.customFields {
            text.key("custom_fields")
            text.array(fields) { text, field in
                text.open()
                text.string("name", field.name)
                text.string("value", field.value)
                text.close()
            }
        }
        text.member("depth", attributes.depth.map(Self.number))
        text.string("gtin", attributes.gtin)
        text.member("height", attributes.height.map(Self.number))
        text.string("image_url", attributes.imageURL)
        if let images = attributes.images {
            text.key("images")
            text.array(images) { text, image in
                text.open()
                text.string("description", image.description)
                text.member("is_thumbnail", image.isThumbnail ? "true" : "false")
                text.string("url", image.url)
                text.close()
            }
        }
        text.string("mpn", attributes.mpn)
        text.member("sale_price", attributes.salePrice.map(Self.money))
        text.string("upc", attributes.upc)
        text.member("weight", attributes.weight.map(Self.number))
        text.member("width", attributes.width.map(Self.number))
        text.close()
        return text.output
    }

    /// A variant's option values, as their `Codable` form writes them; written directly for the
    /// same reason as the attributes.
    static func encode(_ values: [OptionValue]) -> String {
        var text = JSONText()
        text.array(values) { text, value in
            text.open()
            text.string("option", value.option)
            text.string("value", value.value)
            text.close()
        }
        return text.output
    }

    /// `Money` as its `Codable` form writes it.
    private static func money(_ money: Money) -> String {
        var text = JSONText()
        text.open()
        text.string("currency", money.currency)
        text.member("minorUnits", String(money.minorUnits))
        text.close()
        return text.output
    }

    /// The shortest text that reads back as the same number; JSON has no NaN or infinity.
    private static func number(_ value: Double) -> String {
        value.isFinite ? value.description : "null"
    }
}

/// JSON text built member by member, with the commas between them.
private struct JSONText {
    var output = ""
    private var needsComma = false

    mutating func open() {
        output += "{"
        needsComma = false
    }

    mutating func close() {
        output += "}"
        needsComma = true
    }

    mutating func key(_ name: String) {
        if needsComma { output += "," }
        output += "\"" + name + "\":"
        needsComma = false
    }

    mutating func raw(_ json: String) {
        output += json
        needsComma = true
    }

    /// A member whose value is already JSON text; nothing when it is nil.
    mutating func member(_ name: String, _ json: String?) {
        guard let json else { return }
        key(name)
        raw(json)
    }

    /// A string member; nothing when it is nil.
    mutating func string(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        output += "\""
        defer {
            output += "\""
            needsComma = true
        }
        // Most values need no escaping at all.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            output += value
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let control where control.value < 0x20:
                output +=
                    "\\u" + String(repeating: "0", count: 4 - String(control.value, radix: 16).count)
                    + String(control.value, radix: 16)
            default: output.unicodeScalars.append(scalar)
            }
        }
    }

    mutating func array<Element>(_ elements: [Element], _ write: (inout JSONText, Element) -> Void) {
        output += "["
        needsComma = false
        for element in elements {
            if needsComma { output += "," }
            write(&self, element)
        }
        output += "]"
        needsComma = true
    }
}
