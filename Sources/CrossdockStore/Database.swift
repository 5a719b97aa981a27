import Foundation

/// The hub's database: an SQLite file on one machine, or a PostgreSQL database shared by every
/// process of a deployment. Connections are only touched on their own serial queues, so blocking
/// SQLite and libpq calls never run on Swift's cooperative thread pool.
public final class Database: Sendable {
    /// Where the data lives: the SQLite file's path, or the PostgreSQL URL with its password hidden.
    public let path: String
    public let dialect: SQLDialect
    /// The PostgreSQL schema the tables live in; nil on SQLite.
    public let schemaName: String?
    private let engine: Engine

    private enum Engine: Sendable {
        /// One connection on one serial queue: SQLite allows one writer at a time anyway.
        case sqlite(SQLiteConnection, DispatchQueue)
        case postgresql(PostgresPool)
    }

    /// Opens (creating when missing) an SQLite database file and applies pending migrations; with
    /// `migrate` false it only checks that none is pending.
    public init(path: String, migrate: Bool = true) throws {
        self.path = path
        dialect = .sqlite
        schemaName = nil
        engine = .sqlite(try Self.openSQLite(path: path, migrate: migrate), DispatchQueue(label: "crossdock.database"))
    }

    /// Opens the database a URL names and applies pending migrations (with `migrate` false, only
    /// checks that none is pending): `postgresql://…` (or `postgres://…`) for PostgreSQL, with at most
    /// `maximumConnections` connections from this process; `sqlite:` followed by a path, or a bare
    /// path, for an SQLite file.
    public convenience init(url: String, maximumConnections: Int = 4, migrate: Bool = true) async throws {
        if let configuration = try PostgresConfiguration(url: url) {
            try await self.init(configuration: configuration, maximumConnections: maximumConnections, migrate: migrate)
        } else {
            let path = Self.sqlitePath(url)
            let queue = DispatchQueue(label: "crossdock.database")
            let connection = try await withCheckedThrowingContinuation { continuation in
                queue.async { continuation.resume(with: Result { try Self.openSQLite(path: path, migrate: migrate) }) }
            }
            self.init(path: path, connection: connection, queue: queue)
        }
    }

    /// Opens a PostgreSQL database, creating its schema and applying migrations when `migrate`.
    init(configuration: PostgresConfiguration, maximumConnections: Int, migrate: Bool) async throws {
        let pool = PostgresPool(configuration: configuration, maximumConnections: maximumConnections)
        schemaName = try await pool.run { connection in
            if migrate {
                try connection.createSchemaIfMissing()
                try Migrations.apply(on: connection)
            } else {
                try Migrations.check(on: connection)
            }
            return try connection.query("SELECT current_schema() AS name").first?.string("name")
        }
        path = configuration.redactedURL
        dialect = .postgresql
        engine = .postgresql(pool)
    }

    private init(path: String, connection: SQLiteConnection, queue: DispatchQueue) {
        self.path = path
        dialect = .sqlite
        schemaName = nil
        engine = .sqlite(connection, queue)
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

    private static func openSQLite(path: String, migrate: Bool) throws -> SQLiteConnection {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let connection = try SQLiteConnection(path: path)
        try connection.executeScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")
        if migrate {
            try Migrations.apply(on: connection)
        } else {
            try Migrations.check(on: connection)
        }
        return connection
    }
}
