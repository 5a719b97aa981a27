/// An amount as an integer number of minor units of an ISO 4217 currency (pence, cents; yen have none).
public struct Money: Hashable, Sendable, Codable, CustomStringConvertible {
    public let minorUnits: Int
    public let currency: String

    public init(minorUnits: Int, currency: String) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Digits after the decimal point for a currency.
    public static func exponent(of currency: String) -> Int {
        switch currency.uppercased() {
        case "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV",
            "XAF", "XOF", "XPF":
            0
        case "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND": 3
        default: 2
        }
    }

    /// Parses a decimal string with a point (`"12.50"`, `"1050"`) exactly, without floating point.
    /// A comma, or more digits than the currency has, is rejected rather than guessed.
    public static func parse(_ text: String, currency: String) throws -> Money {
        let exponent = exponent(of: currency)
        var digits = text
        let negative = digits.hasPrefix("-")
        if negative { digits.removeFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit) else {
            throw MoneyError(text: text, reason: "is not a decimal number with a point, such as 15.99")
        }
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        guard fraction.allSatisfy(\.isASCIIDigit) else {
            throw MoneyError(text: text, reason: "is not a decimal number with a point, such as 15.99")
        }
        if fraction.count > exponent {
            let extra = fraction.dropFirst(exponent)
            guard extra.allSatisfy({ $0 == "0" }) else {
                throw MoneyError(text: text, reason: "has more decimals than \(currency) allows (\(exponent))")
            }
            fraction = String(fraction.prefix(exponent))
        }
        fraction += String(repeating: "0", count: exponent - fraction.count)
        guard let units = Int(String(whole) + fraction) else {
            throw MoneyError(text: text, reason: "is too large")
        }
        return Money(minorUnits: negative ? -units : units, currency: currency.uppercased())
    }

    /// The amount as a decimal string with the currency's digits (`"10.50"`, `"1050"` for JPY).
    public var decimalString: String {
        let exponent = Self.exponent(of: currency)
        let magnitude = abs(minorUnits)
        let sign = minorUnits < 0 ? "-" : ""
        guard exponent > 0 else { return sign + String(magnitude) }
        var divisor = 1
        for _ in 0..<exponent { divisor *= 10 }
        let fraction = String(magnitude % divisor)
        return sign + String(magnitude / divisor) + "." + String(repeating: "0", count: exponent - fraction.count)
            + fraction
    }

    public var description: String { "\(decimalString) \(currency)" }
}

/// A money amount that could not be read.
public struct MoneyError: Error, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "The amount \"\(text)\" \(reason)." }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
