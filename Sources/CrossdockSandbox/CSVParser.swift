import Foundation

/// One record of a CSV file, with the line of the file where it starts (counting from 1).
struct CSVRecord: Sendable, Equatable {
    let line: Int
    let fields: [String]
}

/// Why a CSV file cannot be read, as a sentence that names the line and says what to change.
struct CSVSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    let line: Int
    let message: String

    var description: String { "Line \(line): \(message)" }
}

/// Reads CSV text by RFC 4180's rules.
///
/// Fields are separated by commas and records by CRLF, LF or CR. A field that starts with a quote
/// runs to the next quote not followed by another; inside it commas and line breaks are text and
/// `""` is one quote. Fields keep their spaces and their exact text (no number or date guessing).
/// Blank lines are skipped and a leading byte-order mark is ignored. A quote inside an unquoted
/// field, text after a closing quote, and a quoted field never closed are errors.
enum CSVParser {
    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let lineFeed = UInt8(ascii: "\n")

    static func parse(_ text: String) throws(CSVSyntaxError) -> [CSVRecord] {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var reader = Reader(bytes: bytes)
        var records: [CSVRecord] = []
        while let (record, isBlank) = try reader.nextRecord() {
            if !isBlank { records.append(record) }
        }
        return records
    }

    /// A cursor over the bytes; UTF-8 never uses the bytes of `"`, `,`, CR or LF inside a character,
    /// so splitting on them is safe.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0
        var line = 1

        /// The next record, and whether its line was empty (an empty quoted field `""` is not).
        mutating func nextRecord() throws(CSVSyntaxError) -> (CSVRecord, isBlank: Bool)? {
            guard index < bytes.count else { return nil }
            let start = line
            let startIndex = index
            var fields: [String] = []
            while true {
                let field = try nextField(number: fields.count + 1)
                fields.append(field)
                guard index < bytes.count else { break }
                if bytes[index] == CSVParser.comma {
                    index += 1
                    continue
                }
                break
            }
            let isBlank = index == startIndex
            consumeLineBreak()
            return (CSVRecord(line: start, fields: fields), isBlank)
        }

        private mutating func nextField(number: Int) throws(CSVSyntaxError) -> String {
            guard index < bytes.count, bytes[index] == CSVParser.quote else { return try unquotedField(number: number) }
            return try quotedField(number: number)
        }

        private mutating func unquotedField(number: Int) throws(CSVSyntaxError) -> String {
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == CSVParser.comma || byte == CSVParser.lineFeed || byte == CSVParser.carriageReturn { break }
                if byte == CSVParser.quote {
                    throw CSVSyntaxError(
                        line: line,
                        message: "field \(number) has a quote but does not start with one; put the whole field "
                            + "in quotes and write each quote inside it twice (\"\").")
                }
                index += 1
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        private mutating func quotedField(number: Int) throws(CSVSyntaxError) -> String {
            let opened = line
            index += 1
            var text: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == CSVParser.quote {
                    guard index < bytes.count, bytes[index] == CSVParser.quote else {
                        try expectFieldEnd(number: number)
                        return String(decoding: text, as: UTF8.self)
                    }
                    text.append(CSVParser.quote)
                    index += 1
                    continue
                }
                if byte == CSVParser.lineFeed || (byte == CSVParser.carriageReturn && !atLineFeed) { line += 1 }
                text.append(byte)
            }
            throw CSVSyntaxError(
                line: opened,
                message: "the quoted field \(number) is never closed; add the closing quote, and write each quote "
                    + "inside the field twice (\"\").")
        }

        private var atLineFeed: Bool { index < bytes.count && bytes[index] == CSVParser.lineFeed }

        private func expectFieldEnd(number: Int) throws(CSVSyntaxError) {
            guard index < bytes.count else { return }
            let byte = bytes[index]
            guard byte == CSVParser.comma || byte == CSVParser.lineFeed || byte == CSVParser.carriageReturn else {
                throw CSVSyntaxError(
                    line: line,
                    message: "field \(number) has text after its closing quote; write each quote inside a quoted "
                        + "field twice (\"\").")
            }
        }

        private mutating func consumeLineBreak() {
            guard index < bytes.count else { return }
            if bytes[index] == CSVParser.carriageReturn {
                index += 1
                if atLineFeed { index += 1 }
            } else if bytes[index] == CSVParser.lineFeed {
                index += 1
            }
            line += 1
        }
    }
}
