import Foundation

/// Exponential backoff with full jitter for retried calls and jobs.
///
/// The delay before attempt n+1 is a random value in [base/2, base] where
/// base = min(cap, initial × 2^(n−1)):
///
/// | attempt | base (initial 500 ms, cap 60 s) |
/// |---|---|
/// | 1 | 0.5 s |
/// | 2 | 1 s |
/// | 3 | 2 s |
/// | 8 | 60 s |
public enum Backoff {
    public static func delayMilliseconds(attempt: Int, initial: Int = 500, cap: Int = 60_000) -> Int {
        let exponent = min(max(0, attempt - 1), 20)
        let base = min(cap, initial * (1 << exponent))
        return Int.random(in: (base / 2)...max(base / 2, base))
    }
}

/// Date formats the channels require, produced exactly.
public enum DateFormats {
    /// RFC 2822, as BigCommerce v2 filters take it: `Mon, 15 Apr 2024 10:41:59 +0000`.
    public static func rfc2822(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// ISO 8601 in UTC with `Z`, as SP-API wants it: `2024-04-15T10:41:59Z`.
    public static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    public static func parseISO8601(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
