import Foundation

/// Errors about the database's schema version.
public struct SchemaError: Error, CustomStringConvertible {
    public let description: String
}

/// One schema change, written for each engine: the same tables and columns in each one's types.
struct Migration: Sendable {
    let version: Int
    let sqlite: String
    let postgresql: String

    func sql(for dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: sqlite
        case .postgresql: postgresql
        }
    }
}

/// Versioned schema changes, applied in order at start; each runs once, in its own transaction.
enum Migrations {
    static let all: [Migration] = [
        Migration(version: 1, sqlite: sqliteVersion1, postgresql: postgresqlVersion1),
        Migration(version: 2, sqlite: sqliteVersion2, postgresql: postgresqlVersion2),
        Migration(version: 3, sqlite: sqliteVersion3, postgresql: postgresqlVersion3),
    ]

    static var latest: Int { all.map(\.version).max() ?? 0 }

    /// Applies the migrations the database lacks, refusing a schema newer than this code. Each
    /// migration re-reads the version under the migration lock, so two processes starting together
    /// apply each one once.
    static func apply(on connection: any SQLConnection) throws {
        let current = try connection.transaction {
            try lock(connection)
            let integer = connection.dialect == .sqlite ? "INTEGER" : "BIGINT"
            try connection.executeScript(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                    + "(version \(integer) PRIMARY KEY, applied_at \(integer) NOT NULL)")
            return try version(connection)
        }
        if current > latest {
            throw SchemaError(
                description: "The database schema is version \(current), newer than this crossdock understands "
                    + "(\(latest)). Upgrade crossdock before starting it on this database.")
        }
        for migration in all where migration.version > current {
            try connection.transaction {
                try lock(connection)
                guard try version(connection) < migration.version else { return }
                try connection.executeScript(migration.sql(for: connection.dialect))
                try connection.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                    [.integer(Int64(migration.version)), .integer(Clock.nowMilliseconds())])
            }
        }
    }

    private static func version(_ connection: any SQLConnection) throws -> Int {
        try connection.query("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations").first?
            .int("version") ?? 0
    }

    /// SQLite's `BEGIN IMMEDIATE` already keeps a second writer out. On PostgreSQL, DDL from two
    /// processes would race, so the transaction takes an advisory lock of its own, keyed by the
    /// search path so that separate schemas of one database migrate independently. It is released
    /// when the transaction ends.
    private static func lock(_ connection: any SQLConnection) throws {
        guard connection.dialect == .postgresql else { return }
        try connection.query(
            "SELECT pg_advisory_xact_lock(?, hashtext(current_setting('search_path'))) AS locked",
            [.integer(Int64(advisoryLockClass))])
    }

    /// The first key of the hub's advisory locks ("CDMG", for Crossdock migrations).
    private static let advisoryLockClass: Int32 = 0x4344_4D47
}

/// Wall-clock time as the store records it: milliseconds since 1970, UTC.
public enum Clock {
    public static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
