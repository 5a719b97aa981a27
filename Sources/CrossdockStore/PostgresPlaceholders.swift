/// Rewrites the shared SQL's `?` placeholders into PostgreSQL's numbered `$1…$n`.
///
/// A `?` inside a quoted literal (`'…'`, `E'…'`), a quoted identifier (`"…"`) or a comment
/// (`-- …`, `/* … */`) is left alone. Dollar-quoted strings are not recognised: the store's SQL
/// does not use them.
enum PostgresPlaceholders {
    static func numbered(_ sql: String) -> (sql: String, count: Int) {
        let bytes = Array(sql.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 16)
        var count = 0
        var index = 0

        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            let end: Int
            switch byte {
            case UInt8(ascii: "'"):
                end = endOfQuoted(bytes, from: index, backslashEscapes: isEscapeStringPrefix(bytes, before: index))
            case UInt8(ascii: "\""):
                end = endOfQuoted(bytes, from: index, backslashEscapes: false)
            case UInt8(ascii: "-") where next == UInt8(ascii: "-"):
                end = bytes[index...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? bytes.count
            case UInt8(ascii: "/") where next == UInt8(ascii: "*"):
                end = endOfBlockComment(bytes, from: index)
            case UInt8(ascii: "?"):
                count += 1
                output.append(contentsOf: Array("$\(count)".utf8))
                index += 1
                continue
            default:
                end = index + 1
            }
            output.append(contentsOf: bytes[index..<end])
            index = end
        }
        return (String(decoding: output, as: UTF8.self), count)
    }

    /// The index just past the quote that closes the one at `start`; a doubled quote is part of the
    /// text. Unterminated text runs to the end, where the server reports it.
    private static func endOfQuoted(_ bytes: [UInt8], from start: Int, backslashEscapes: Bool) -> Int {
        let quote = bytes[start]
        var index = start + 1
        while index < bytes.count {
            if backslashEscapes && bytes[index] == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if bytes[index] == quote {
                return index + 1
            }
            index += 1
        }
        return bytes.count
    }

    /// PostgreSQL block comments nest.
    private static func endOfBlockComment(_ bytes: [UInt8], from start: Int) -> Int {
        var depth = 0
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "/") && bytes[index + 1] == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else if bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 { return index }
            } else {
                index += 1
            }
        }
        return bytes.count
    }

    /// True for the `E` of an escape string (`E'it\'s'`), not for the last letter of a word.
    private static func isEscapeStringPrefix(_ bytes: [UInt8], before quote: Int) -> Bool {
        guard quote > 0, bytes[quote - 1] == UInt8(ascii: "E") || bytes[quote - 1] == UInt8(ascii: "e") else {
            return false
        }
        guard quote > 1 else { return true }
        let previous = bytes[quote - 2]
        let isWordByte =
            (previous >= UInt8(ascii: "a") && previous <= UInt8(ascii: "z"))
            || (previous >= UInt8(ascii: "A") && previous <= UInt8(ascii: "Z"))
            || (previous >= UInt8(ascii: "0") && previous <= UInt8(ascii: "9")) || previous == UInt8(ascii: "_")
            || previous >= 0x80
        return !isWordByte
    }
}
