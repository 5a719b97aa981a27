import Foundation

/// The SQL engines the store runs on. Shared SQL is written once, with `?` placeholders; the few
/// clauses one engine lacks are asked of the dialect.
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgresql

    /// Starts a transaction. SQLite takes the write lock at once, so two writers never both read
    /// and then fail to upgrade; PostgreSQL locks rows as statements touch them.
    var beginTransaction: String {
        switch self {
        case .sqlite: "BEGIN IMMEDIATE"
        case .postgresql: "BEGIN"
        }
    }

    /// Locks the selected rows until the transaction ends (SQLite's transaction already holds the
    /// whole database).
    var forUpdate: String {
        switch self {
        case .sqlite: ""
        case .postgresql: " FOR UPDATE"
        }
    }

    /// Locks the selected rows, passing over rows another transaction holds.
    var forUpdateSkipLocked: String {
        switch self {
        case .sqlite: ""
        case .postgresql: " FOR UPDATE SKIP LOCKED"
        }
    }
}

/// One connection to the store's database. A connection is not thread-safe: `Database` only
/// touches it on the serial queue it belongs to, which is why it may be marked Sendable.
public protocol SQLConnection: AnyObject, Sendable {
    var dialect: SQLDialect { get }

    /// Runs a statement with its `?` placeholders bound to `parameters` and returns its rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue]) throws -> [SQLRow]

    /// Runs a statement with bound parameters and returns the number of rows it changed.
    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws -> Int

    /// Runs one or more statements that take no parameters, such as a migration script.
    func executeScript(_ sql: String) throws
}

/// A failure reported by either engine.
public protocol SQLError: Error, CustomStringConvertible {
    /// True when a UNIQUE or PRIMARY KEY constraint refused the statement.
    var isConstraintViolation: Bool { get }
}

extension SQLConnection {
    @discardableResult
    public func query(_ sql: String) throws -> [SQLRow] { try query(sql, []) }

    @discardableResult
    public func execute(_ sql: String) throws -> Int { try execute(sql, []) }

    /// Runs `body` in a transaction, committing when it returns and rolling back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try executeScript(dialect.beginTransaction)
        do {
            let result = try body()
            try executeScript("COMMIT")
            return result
        } catch {
            try? executeScript("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` inside the current transaction so that its failure undoes only its own changes.
    /// PostgreSQL aborts the whole transaction on an error unless it happened inside a savepoint.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        try executeScript("SAVEPOINT crossdock_step")
        do {
            let result = try body()
            try executeScript("RELEASE SAVEPOINT crossdock_step")
            return result
        } catch {
            try? executeScript("ROLLBACK TO SAVEPOINT crossdock_step")
            try? executeScript("RELEASE SAVEPOINT crossdock_step")
            throw error
        }
    }
}
