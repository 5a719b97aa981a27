import Foundation

/// A value bound to, or read from, an SQL statement.
public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .integer(Int64(value)) }
    public init(nilLiteral: ()) { self = .null }

    public init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
    public init(_ value: String?) { self = value.map { .text($0) } ?? .null }
    public init(_ value: Bool) { self = .integer(value ? 1 : 0) }
}

/// One result row, readable by column name.
public struct SQLRow: Sendable {
    let columns: [String: Int]
    let values: [SQLValue]

    public subscript(_ name: String) -> SQLValue {
        columns[name].map { values[$0] } ?? .null
    }

    public func int(_ name: String) -> Int? {
        switch self[name] {
        case .integer(let value): Int(value)
        case .real(let value): Int(value)
        case .text(let value): Int(value)
        default: nil
        }
    }

    public func string(_ name: String) -> String? {
        switch self[name] {
        case .text(let value): value
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .blob(let data): String(decoding: data, as: UTF8.self)
        case .null: nil
        }
    }

    public func bool(_ name: String) -> Bool { (int(name) ?? 0) != 0 }
}
