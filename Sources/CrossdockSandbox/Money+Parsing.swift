import Foundation

/// Why a decimal amount could not be read exactly.
enum AmountProblem: Error, Sendable, Equatable {
    /// Not digits with at most one decimal point (signs, thousands separators, exponents, letters).
    case notAnAmount
    /// More non-zero decimals than the currency's minor unit holds.
    case tooManyDecimals(allowed: Int)
    /// Too large to hold in minor units.
    case tooLarge

    /// What to write instead, as the end of a sentence about the field.
    func advice(currency: String) -> String {
        switch self {
        case .notAnAmount:
            "is not an amount; write digits with at most one decimal point, like 19.99"
        case .tooManyDecimals(let allowed):
            allowed == 0
                ? "has decimals, but \(currency) has no minor unit; write a whole number"
                : "has more decimals than \(currency) has (\(allowed)); round it to \(allowed)"
        case .tooLarge:
            "is too large"
        }
    }
}

extension Money {
    /// Reads a non-negative decimal amount such as `"54.95"`, `"54.9"`, `"54"` or `".5"` into minor
    /// units of `currency` exactly, digit by digit: no floating point is involved, and an amount
    /// that would need rounding is refused rather than rounded. Trailing zeros beyond the minor
    /// unit are accepted (`"54.950"` is 5495 pence).
    static func minorUnits(_ text: String, currency: String) -> Result<Int, AmountProblem> {
        let places = exponent(of: currency)
        let parts = text.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count <= 2, !text.isEmpty, text != "." else { return .failure(.notAnAmount) }
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        let isDigits = { (part: Substring) in part.utf8.allSatisfy { (48...57).contains($0) } }
        guard isDigits(whole), isDigits(fraction) else { return .failure(.notAnAmount) }

        let kept = fraction.prefix(places)
        guard fraction.dropFirst(places).allSatisfy({ $0 == "0" }) else {
            return .failure(.tooManyDecimals(allowed: places))
        }
        let digits = String(whole) + kept + String(repeating: "0", count: places - kept.count)
        let significant = digits.drop { $0 == "0" }
        guard significant.count <= 15 else { return .failure(.tooLarge) }
        return .success(Int(significant) ?? 0)
    }
}
