import Foundation

/// Writes the wire's plain dictionaries and arrays as JSON bytes, keys sorted, slashes unescaped:
/// the same text `JSONEncoder` gives for them, without first converting the tree into `JSONValue`s.
/// Catalogue pages are assembled from these bytes, so a product costs its encoding once per change
/// rather than once per request.
enum WireBytes {
    /// The JSON text of a tree of `[String: Any]`, `[Any]`, strings, numbers, booleans and `NSNull`;
    /// anything else is written as `null`, as `JSONValue(tree:)` does.
    static func json(_ tree: Any) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        write(tree, into: &bytes)
        return bytes
    }

    static func write(_ tree: Any, into bytes: inout [UInt8]) {
        switch tree {
        case let value as String: writeString(value, into: &bytes)
        case let value as Bool: bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
        case let value as Int: bytes.append(contentsOf: String(value).utf8)
        case let value as Double: writeNumber(value, into: &bytes)
        case let value as [String: Any]: writeObject(value, into: &bytes)
        case let value as [Any]:
            bytes.append(UInt8(ascii: "["))
            for (index, element) in value.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element, into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        default: bytes.append(contentsOf: "null".utf8)
        }
    }

    /// `"key":value` for each member in key order, separated by commas, without the braces.
    static func writeMembers(_ object: [String: Any], into bytes: inout [UInt8]) {
        for (index, key) in object.keys.sorted().enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            writeString(key, into: &bytes)
            bytes.append(UInt8(ascii: ":"))
            write(object[key] as Any, into: &bytes)
        }
    }

    private static func writeObject(_ object: [String: Any], into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
        writeMembers(object, into: &bytes)
        bytes.append(UInt8(ascii: "}"))
    }

    /// Whole numbers as integers (`150`, as `JSONEncoder` writes `150.0`), others in their shortest form.
    private static func writeNumber(_ value: Double, into bytes: inout [UInt8]) {
        guard value.isFinite else {
            bytes.append(contentsOf: "null".utf8)
            return
        }
        if value.rounded() == value, abs(value) < 9_007_199_254_740_992 {
            bytes.append(contentsOf: String(Int64(value)).utf8)
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func writeString(_ value: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                bytes.append(contentsOf: "\\u00".utf8)
                bytes += [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
