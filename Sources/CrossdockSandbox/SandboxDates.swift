import Foundation

/// The date formats the channels write and read, produced and parsed by hand so that no
/// formatter's locale or leniency gets in the way. All output is UTC.
enum SandboxDates {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    /// A date truncated to whole seconds, as both channels store their timestamps.
    static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    /// RFC 2822, as BigCommerce v2 writes it: `Tue, 05 Mar 2019 21:40:11 +0000`.
    static func rfc2822(_ date: Date) -> String {
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let weekday = weekdays[(parts.weekday ?? 1) - 1]
        let month = months[(parts.month ?? 1) - 1]
        return "\(weekday), \(two(parts.day)) \(month) \(parts.year ?? 1970) \(clock(parts)) +0000"
    }

    /// ISO 8601 with `Z`, as SP-API writes it: `2019-03-05T21:40:11Z`.
    static func iso8601(_ date: Date) -> String {
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return "\(day(parts))T\(clock(parts))Z"
    }

    /// ISO 8601 with an explicit offset, as the BigCommerce v3 catalogue writes it: `2018-08-24T14:41:00+00:00`.
    static func bigCommerceV3(_ date: Date) -> String {
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return "\(day(parts))T\(clock(parts))+00:00"
    }

    /// ISO 8601 with milliseconds, for log lines.
    static func iso8601Milliseconds(_ date: Date) -> String {
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        let milliseconds = String((parts.nanosecond ?? 0) / 1_000_000).leftPadded(to: 3)
        return "\(day(parts))T\(clock(parts)).\(milliseconds)Z"
    }

    /// Parses ISO 8601 (`2017-04-20`, `2017-04-20T11:32:00Z`, `2017-04-20T11:32:00.000-04:00`,
    /// `…+0100`). A time without a zone is read as UTC. A `+` that arrived as a space fails.
    static func parseISO8601(_ text: String) -> Date? {
        var scanner = DateScanner(text)
        guard let year = scanner.number(digits: 4), scanner.take("-"),
            let month = scanner.number(digits: 2), scanner.take("-"),
            let day = scanner.number(digits: 2)
        else { return nil }
        var components = DateComponents(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
        var offset = 0
        if scanner.take("T") || scanner.take("t") {
            guard let hour = scanner.number(digits: 2), scanner.take(":"), let minute = scanner.number(digits: 2)
            else { return nil }
            components.hour = hour
            components.minute = minute
            if scanner.take(":") {
                guard let second = scanner.number(digits: 2) else { return nil }
                components.second = second
                if scanner.take(".") || scanner.take(",") {
                    guard scanner.skipDigits() > 0 else { return nil }
                }
            }
            if scanner.take("Z") || scanner.take("z") {
                offset = 0
            } else if !scanner.isAtEnd {
                guard let zone = scanner.zoneOffset(colonAllowed: true) else { return nil }
                offset = zone
            }
        }
        guard scanner.isAtEnd else { return nil }
        return date(from: components, offsetSeconds: offset)
    }

    /// Parses RFC 2822 (`Thu, 20 Apr 2017 11:32:00 -0400`, weekday optional, `GMT`/`UT` allowed).
    static func parseRFC2822(_ text: String) -> Date? {
        var fields = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if let first = fields.first, first.hasSuffix(",") {
            guard weekdays.contains(String(first.dropLast())) else { return nil }
            fields.removeFirst()
        }
        guard fields.count == 5, let day = Int(fields[0]), let monthIndex = months.firstIndex(of: fields[1]),
            let year = Int(fields[2]), fields[2].count == 4
        else { return nil }
        let time = fields[3].split(separator: ":").map { Int($0) }
        guard time.count == 2 || time.count == 3, time.allSatisfy({ $0 != nil }) else { return nil }
        let offset: Int
        if fields[4] == "GMT" || fields[4] == "UT" || fields[4] == "Z" {
            offset = 0
        } else {
            var scanner = DateScanner(fields[4])
            guard let zone = scanner.zoneOffset(colonAllowed: false), scanner.isAtEnd else { return nil }
            offset = zone
        }
        let components = DateComponents(
            year: year, month: monthIndex + 1, day: day, hour: time[0], minute: time[1],
            second: time.count == 3 ? time[2] : 0)
        return date(from: components, offsetSeconds: offset)
    }

    /// BigCommerce v2 filters take either RFC 2822 or ISO 8601.
    static func parseBigCommerceFilter(_ text: String) -> Date? {
        parseRFC2822(text) ?? parseISO8601(text)
    }

    private static func date(from components: DateComponents, offsetSeconds: Int) -> Date? {
        guard let month = components.month, (1...12).contains(month), let day = components.day, (1...31).contains(day),
            let hour = components.hour, (0...23).contains(hour), let minute = components.minute,
            (0...59).contains(minute),
            let second = components.second, (0...60).contains(second),
            let local = utc.date(from: components)
        else { return nil }
        return local.addingTimeInterval(TimeInterval(-offsetSeconds))
    }

    private static func two(_ value: Int?) -> String { String(value ?? 0).leftPadded(to: 2) }

    private static func day(_ parts: DateComponents) -> String {
        "\(String(parts.year ?? 1970).leftPadded(to: 4))-\(two(parts.month))-\(two(parts.day))"
    }

    private static func clock(_ parts: DateComponents) -> String {
        "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
    }
}

/// Reads a date string left to right.
private struct DateScanner {
    private let characters: [Character]
    private var position = 0

    init(_ text: String) { characters = Array(text) }

    var isAtEnd: Bool { position == characters.count }

    mutating func take(_ character: Character) -> Bool {
        guard position < characters.count, characters[position] == character else { return false }
        position += 1
        return true
    }

    mutating func number(digits: Int) -> Int? {
        guard position + digits <= characters.count else { return nil }
        let slice = characters[position..<position + digits]
        guard slice.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(String(slice)) else { return nil }
        position += digits
        return value
    }

    mutating func skipDigits() -> Int {
        let start = position
        while position < characters.count, characters[position].isASCII, characters[position].isNumber {
            position += 1
        }
        return position - start
    }

    /// `+hh:mm`, `+hhmm` or `-hh…`, in seconds east of UTC.
    mutating func zoneOffset(colonAllowed: Bool) -> Int? {
        let sign: Int
        if take("+") {
            sign = 1
        } else if take("-") {
            sign = -1
        } else {
            return nil
        }
        guard let hours = number(digits: 2) else { return nil }
        if colonAllowed { _ = take(":") }
        guard let minutes = number(digits: 2), hours < 24, minutes < 60 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }
}
