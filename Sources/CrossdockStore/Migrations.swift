import Foundation

/// Errors about the database's schema version.
public struct SchemaError: Error, CustomStringConvertible {
    /// What is wrong with the version, so that the command line can say which command fixes it.
    public enum Problem: Sendable, Equatable {
        /// The schema lacks migrations this code needs, and the process was told not to apply them.
        case behind(found: Int, needed: Int)
        /// The schema was migrated by a newer crossdock.
        case newer(found: Int, understood: Int)
    }

    public let problem: Problem
    /// The account whose schema it is, on PostgreSQL; nil when not known.
    public internal(set) var account: AccountID?
    public let description: String

    init(_ problem: Problem) {
        self.problem = problem
        switch problem {
        case .behind(let found, let needed):
            description =
                "The database schema is version \(found) and this crossdock needs version \(needed). "
                + "Apply the migrations with 'crossdock migrate' first, or start without --no-migrate."
        case .newer(let found, let understood):
            description =
                "The database schema is version \(found), newer than this crossdock understands "
                + "(\(understood)). Upgrade crossdock before starting it on this database."
        }
    }
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
        Migration(version: 4, sqlite: sqliteVersion4, postgresql: postgresqlVersion4),
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
        if current > latest { throw SchemaError(.newer(found: current, understood: latest)) }
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

    /// Checks, without changing anything, that the schema is exactly the version this code needs:
    /// for processes started with `--no-migrate`, whose migrations are applied by hand.
    static func check(on connection: any SQLConnection) throws {
        let current = try connection.transaction {
            try tableExists("schema_migrations", connection) ? try version(connection) : 0
        }
        if current > latest { throw SchemaError(.newer(found: current, understood: latest)) }
        if current < latest { throw SchemaError(.behind(found: current, needed: latest)) }
    }

    /// True when the connection's schema (the search path's first, on PostgreSQL) has the table.
    static func tableExists(_ name: String, _ connection: any SQLConnection) throws -> Bool {
        let sql =
            switch connection.dialect {
            case .sqlite: "SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ?"
            case .postgresql: "SELECT 1 AS found WHERE to_regclass(?) IS NOT NULL"
            }
        return try !connection.query(sql, [.text(name)]).isEmpty
    }

    private static func version(_ connection: any SQLConnection) throws -> Int {
        try connection.query("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations").first?
            .int("version") ?? 0
    }

    /// SQLite's `BEGIN IMMEDIATE` already keeps a second writer out. On PostgreSQL, DDL from two
    /// processes would race, so the transaction takes an advisory lock of its own, keyed by the
    /// search path so that separate schemas of one database migrate independently. It is released
    /// when the transaction ends.
    static func lock(_ connection: any SQLConnection) throws {
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
