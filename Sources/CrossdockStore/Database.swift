import Foundation

/// The hub's database: an SQLite file on one machine, or a PostgreSQL database shared by every
/// process of a deployment. Connections are only touched on their own serial queues, so blocking
/// SQLite and libpq calls never run on Swift's cooperative thread pool.
public final class Database: Sendable {
    /// Where the data lives: the SQLite file's path, or the PostgreSQL URL with its password hidden.
    public let path: String
    public let dialect: SQLDialect
    private let engine: Engine

    private enum Engine: Sendable {
        /// One connection on one serial queue: SQLite allows one writer at a time anyway.
        case sqlite(SQLiteConnection, DispatchQueue)
        case postgresql(PostgresPool)
    }

    /// Opens (creating when missing) an SQLite database file and applies pending migrations.
    public init(path: String) throws {
        self.path = path
        dialect = .sqlite
        engine = .sqlite(try Self.openSQLite(path: path), DispatchQueue(label: "crossdock.database"))
    }

    /// Opens the database a URL names and applies pending migrations: `postgresql://…` (or
    /// `postgres://…`) for PostgreSQL, with at most `maximumConnections` connections from this
    /// process; `sqlite:` followed by a path, or a bare path, for an SQLite file.
    public init(url: String, maximumConnections: Int = 4) async throws {
        if let configuration = try PostgresConfiguration(url: url) {
            let pool = PostgresPool(configuration: configuration, maximumConnections: maximumConnections)
            try await pool.run { connection in
                try connection.createSchemaIfMissing()
                try Migrations.apply(on: connection)
            }
            path = configuration.redactedURL
            dialect = .postgresql
            engine = .postgresql(pool)
        } else {
            let path = Self.sqlitePath(url)
            let queue = DispatchQueue(label: "crossdock.database")
            let connection = try await withCheckedThrowingContinuation { continuation in
                queue.async { continuation.resume(with: Result { try Self.openSQLite(path: path) }) }
            }
            self.path = path
            dialect = .sqlite
            engine = .sqlite(connection, queue)
        }
    }

    /// Runs `body` on a connection's queue, outside a transaction.
    @discardableResult
    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        switch engine {
        case .sqlite(let connection, let queue):
            try await withCheckedThrowingContinuation { continuation in
                queue.async { continuation.resume(with: Result { try body(connection) }) }
            }
        case .postgresql(let pool):
            try await pool.run { connection in try body(connection) }
        }
    }

    /// Runs `body` in one transaction on a connection's queue. On PostgreSQL a transaction that
    /// lost a deadlock or a serialization conflict is run again, up to three times in all.
    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await read { connection in
            var attempt = 1
            while true {
                do {
                    return try connection.transaction { try body(connection) }
                } catch let error as PostgresError where error.isTransient && attempt < 3 {
                    attempt += 1
                }
            }
        }
    }

    /// `sqlite:///var/lib/crossdock.sqlite`, `sqlite:data/crossdock.sqlite` or a bare path.
    private static func sqlitePath(_ url: String) -> String {
        for prefix in ["sqlite://", "sqlite:"] where url.hasPrefix(prefix) {
            return String(url.dropFirst(prefix.count))
        }
        return url
    }

    private static func openSQLite(path: String) throws -> SQLiteConnection {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let connection = try SQLiteConnection(path: path)
        try connection.executeScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")
        try Migrations.apply(on: connection)
        return connection
    }
}
