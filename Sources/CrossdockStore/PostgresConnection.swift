import CPostgres
import Foundation

/// A PostgreSQL failure with its SQLSTATE, the server's message and the statement's SQL (never
/// its bound values).
public struct PostgresError: SQLError {
    /// The five-character SQLSTATE, or nil when the failure happened before the server answered.
    public let sqlState: String?
    public let message: String
    public let sql: String?

    public var description: String {
        // Before the server answers (cannot connect, bad URL) there is no SQLSTATE to show.
        (sqlState.map { "PostgreSQL error \($0): " } ?? "PostgreSQL: ") + message + (sql.map { " in \($0)" } ?? "")
    }

    /// True for a violated UNIQUE or PRIMARY KEY constraint (SQLSTATE 23505).
    public var isConstraintViolation: Bool { sqlState == "23505" }

    /// True for a serialization failure or deadlock: running the transaction again may succeed.
    var isTransient: Bool { sqlState == "40001" || sqlState == "40P01" }
}

/// One libpq connection. Parameters are always bound, never written into the SQL; results are read
/// in text format. Not thread-safe: `PostgresPool` only touches it on the serial queue it belongs to,
/// which is why it may be marked Sendable. All of the store's raw libpq calls are in this file.
final class PostgresConnection: SQLConnection, @unchecked Sendable {
    var dialect: SQLDialect { .postgresql }
    private let handle: OpaquePointer
    private let configuration: PostgresConfiguration

    init(configuration: PostgresConfiguration) throws {
        guard let handle = PQconnectdb(configuration.connectionString) else {
            throw PostgresError(sqlState: nil, message: "libpq could not allocate a connection", sql: nil)
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.connectionMessage(handle)
            PQfinish(handle)
            throw PostgresError(
                sqlState: nil, message: "Cannot connect to \(configuration.redactedURL): \(message)", sql: nil)
        }
        self.handle = handle
        self.configuration = configuration
        // Notices such as "relation already exists, skipping" would otherwise go to stderr.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        try useSchema()
    }

    deinit {
        PQfinish(handle)
    }

    /// False once the server or the network dropped the connection.
    var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

    /// False while a transaction is open (or failed and not yet rolled back).
    var isIdle: Bool { PQtransactionStatus(handle) == PQTRANS_IDLE }

    /// Connects again with the same settings after the connection was dropped.
    func reconnect() throws {
        PQreset(handle)
        guard PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError(
                sqlState: nil,
                message: "Cannot reconnect to \(configuration.redactedURL): \(Self.connectionMessage(handle))",
                sql: nil)
        }
        try useSchema()
    }

    /// Creates the configured schema unless it exists. A process starting at the same moment may
    /// create it first; that is not a failure.
    func createSchemaIfMissing() throws {
        guard let schema = configuration.schema else { return }
        guard try query("SELECT 1 AS found FROM pg_namespace WHERE nspname = ?", [.text(schema)]).isEmpty else {
            return
        }
        do {
            try executeScript("CREATE SCHEMA IF NOT EXISTS \"\(schema)\"")
        } catch let error as PostgresError where error.isConstraintViolation || error.sqlState == "42P06" {
            return
        }
    }

    func executeScript(_ sql: String) throws {
        let result = try check(PQexec(handle, sql), sql: String(sql.prefix(200)))
        PQclear(result)
    }

    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue]) throws -> [SQLRow] {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        return rows(of: result)
    }

    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws -> Int {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    // MARK: - Statements

    /// Sends one statement with its parameters bound: text for numbers and strings, binary for blobs.
    private func run(_ sql: String, _ parameters: [SQLValue]) throws -> OpaquePointer {
        let (numbered, placeholders) = PostgresPlaceholders.numbered(sql)
        guard placeholders == parameters.count else {
            throw PostgresError(
                sqlState: nil,
                message: "The statement has \(placeholders) placeholders but \(parameters.count) values were given.",
                sql: sql)
        }

        // One byte of padding first: an empty array may have no address, and an empty blob needs one.
        var storage: [UInt8] = [0]
        var offsets: [Int?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        for value in parameters {
            let (bytes, format) = Self.encode(value)
            offsets.append(bytes.map { _ in storage.count })
            lengths.append(Int32(bytes?.count ?? 0))
            formats.append(format)
            storage.append(contentsOf: bytes ?? [])
            if format == 0, bytes != nil { storage.append(0) }
        }

        let result = storage.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress.map { UnsafeRawPointer($0) }
            let values: [UnsafePointer<CChar>?] = offsets.map { offset in
                guard let offset, let base else { return nil }
                return (base + offset).assumingMemoryBound(to: CChar.self)
            }
            return PQexecParams(handle, numbered, Int32(parameters.count), nil, values, lengths, formats, 0)
        }
        return try check(result, sql: sql)
    }

    /// Turns a result that is not a success into an error, freeing it.
    private func check(_ result: OpaquePointer?, sql: String) throws -> OpaquePointer {
        guard let result else {
            throw PostgresError(sqlState: nil, message: Self.connectionMessage(handle), sql: sql)
        }
        let status = PQresultStatus(result)
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY {
            return result
        }
        let sqlState = Self.field(result, crossdock_pg_diag_sqlstate())
        let message =
            Self.field(result, crossdock_pg_diag_message_primary())
            ?? String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
        PQclear(result)
        throw PostgresError(sqlState: sqlState, message: Self.withoutQuotedInput(message, sqlState: sqlState), sql: sql)
    }

    private func rows(of result: OpaquePointer) -> [SQLRow] {
        let fieldCount = PQnfields(result)
        var columns: [String: Int] = [:]
        var types: [Oid] = []
        for field in 0..<fieldCount {
            columns[String(cString: PQfname(result, field))] = Int(field)
            types.append(PQftype(result, field))
        }
        return (0..<PQntuples(result)).map { row in
            let values = (0..<fieldCount).map { field -> SQLValue in
                guard PQgetisnull(result, row, field) == 0, let text = PQgetvalue(result, row, field) else {
                    return .null
                }
                return Self.decode(String(cString: text), type: types[Int(field)])
            }
            return SQLRow(columns: columns, values: values)
        }
    }

    // MARK: - Values

    /// The bytes libpq sends for a value and their format (0 text, 1 binary); nil bytes for NULL.
    private static func encode(_ value: SQLValue) -> ([UInt8]?, Int32) {
        switch value {
        case .null: (nil, 0)
        case .integer(let number): (Array(String(number).utf8), 0)
        case .real(let number): (Array(String(number).utf8), 0)
        case .text(let text): (Array(text.utf8), 0)
        case .blob(let data): ([UInt8](data), 1)
        }
    }

    /// Reads a text-format value by its column type, so numbers come back as numbers.
    private static func decode(_ text: String, type: Oid) -> SQLValue {
        switch type {
        case 16: .integer(text == "t" ? 1 : 0)  // bool
        case 20, 21, 23, 26: Int64(text).map(SQLValue.integer) ?? .text(text)  // int8, int2, int4, oid
        case 700, 701: Double(text).map(SQLValue.real) ?? .text(text)  // float4, float8
        case 1700: Int64(text).map(SQLValue.integer) ?? Double(text).map(SQLValue.real) ?? .text(text)  // numeric
        case 17: .blob(hexDecoded(text))  // bytea
        default: .text(text)
        }
    }

    /// bytea in text format is `\x` followed by two hex digits per byte.
    private static func hexDecoded(_ text: String) -> Data {
        let digits = Array(text.utf8.dropFirst(2))
        var data = Data(capacity: digits.count / 2)
        var index = 0
        while index + 1 < digits.count {
            if let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) {
                data.append(byte)
            }
            index += 2
        }
        return data
    }

    // MARK: - Messages

    private static func field(_ result: OpaquePointer, _ code: Int32) -> String? {
        PQresultErrorField(result, code).map { String(cString: $0) }
    }

    /// libpq's message for the connection, on one line (it wraps long ones with newlines and tabs).
    private static func connectionMessage(_ handle: OpaquePointer) -> String {
        String(cString: PQerrorMessage(handle)).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Data exceptions (class 22) quote the offending input, which may be a bound value: drop it.
    private static func withoutQuotedInput(_ message: String, sqlState: String?) -> String {
        guard sqlState?.hasPrefix("22") == true, let range = message.range(of: ": \"") else { return message }
        return String(message[..<range.lowerBound])
    }

    private func useSchema() throws {
        guard let schema = configuration.schema else { return }
        try executeScript("SET search_path TO \"\(schema)\"")
    }
}
