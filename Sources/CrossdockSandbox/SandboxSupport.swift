import Foundation

/// Random-looking credentials and identifiers, generated per sandbox instance.
enum SandboxRandom {
    static let lowercaseAlphanumerics = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    static let uppercaseAlphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    static func string(length: Int, from alphabet: [Character]) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "0" })
    }

    static func hex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte, radix: 16).leftPadded(to: 2)
        }.joined()
    }

    static func uuid() -> String { UUID().uuidString.lowercased() }
}

/// FNV-1a, 64 bits: a stable hash for identifiers that must be the same on every run
/// (Swift's `Hasher` is seeded per process).
enum StableHash {
    static func of(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// `count` decimal digits derived from `text`.
    static func digits(_ text: String, count: Int) -> String {
        var modulus: UInt64 = 1
        for _ in 0..<count { modulus *= 10 }
        return String(of(text) % modulus).leftPadded(to: count)
    }
}

extension String {
    func leftPadded(to length: Int, with pad: Character = "0") -> String {
        count >= length ? self : String(repeating: pad, count: length - count) + self
    }
}

/// Money as the channels write it. Amounts are kept in minor units or as `Decimal`, never `Double`.
enum Money {
    /// ISO 4217 minor-unit exponents that differ from the usual 2.
    private static let exponents: [String: Int] = [
        "JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "VND": 0, "XOF": 0, "XAF": 0, "PYG": 0, "UGX": 0,
        "BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3, "TND": 3, "LYD": 3, "IQD": 3,
    ]

    static func exponent(of currency: String) -> Int {
        exponents[currency.uppercased()] ?? 2
    }

    /// Minor units as a decimal amount in major units (`1260` GBP → 12.6).
    static func major(minor: Int, currency: String) -> Decimal {
        var value = Decimal(minor)
        for _ in 0..<exponent(of: currency) { value /= 10 }
        return value
    }

    /// Amazon's `Amount`: major units with the currency's own number of decimals (`"12.60"`, `"1050"`).
    static func amazonAmount(minor: Int, currency: String) -> String {
        fixed(major(minor: minor, currency: currency), places: exponent(of: currency))
    }

    /// BigCommerce v2's money strings: four decimals (`"12.6000"`).
    static func bigCommerceAmount(_ value: Decimal) -> String {
        fixed(value, places: 4)
    }

    /// Writes `value` rounded half-up to exactly `places` decimals, without going through `Double`.
    static func fixed(_ value: Decimal, places: Int) -> String {
        var scale = Decimal(1)
        for _ in 0..<places { scale *= 10 }
        var scaled = value * scale
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        let units = NSDecimalNumber(decimal: rounded).int64Value
        let magnitude = units.magnitude
        let divisor = UInt64(NSDecimalNumber(decimal: scale).int64Value)
        let whole = String(magnitude / divisor)
        let sign = units < 0 ? "-" : ""
        guard places > 0 else { return sign + whole }
        return sign + whole + "." + String(magnitude % divisor).leftPadded(to: places)
    }

    /// Pence as the v3 catalogue's floating-point number (`85` → `0.85`); exact for two decimals.
    static func catalogNumber(pence: Int) -> Double {
        Double(pence) / 100
    }
}

/// Structured log lines to stderr, written only when `CROSSDOCK_LOG=debug`.
///
/// The message is a constant; the data goes into `key=value` fields. Buyer names and addresses,
/// credentials and tokens are never passed in.
enum SandboxLog {
    static let isDebugEnabled = ProcessInfo.processInfo.environment["CROSSDOCK_LOG"]?.lowercased() == "debug"

    static func debug(_ message: StaticString, _ fields: KeyValuePairs<String, String> = [:]) {
        guard isDebugEnabled else { return }
        var line = "ts=\(SandboxDates.iso8601Milliseconds(Date())) level=debug component=sandbox msg=\"\(message)\""
        for (key, value) in fields {
            line += " \(key)=\(quoted(value))"
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private static func quoted(_ value: String) -> String {
        let plain = !value.isEmpty && value.allSatisfy { $0.isLetter || $0.isNumber || "-_./:%".contains($0) }
        if plain { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }
}
