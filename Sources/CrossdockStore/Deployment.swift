import Foundation

/// What every process of a PostgreSQL deployment shares, kept in the URL's base schema: the
/// registry of merchant accounts (`crossdock_accounts`) and of live workers (`crossdock_workers`).
///
/// Account `default` keeps its tables in the base schema itself (`public` unless the URL says
/// `?schema=`); any other account in a schema of its own (`AccountID.schemaName(base:)`). Accounts never
/// share rows, which is what lets a larger deployment place each account's schema on one node of
/// a sharded cluster.
public final class Deployment: Sendable {
    /// The URL with its password hidden, for messages and logs.
    public let redactedURL: String
    private let configuration: PostgresConfiguration
    private let pool: PostgresPool

    /// Opens the registry of the PostgreSQL database `url` names, creating its tables when
    /// `migrate` is true; with `migrate` false a missing registry is a `SchemaError`. Throws an
    /// `AccountError` for a URL that is not `postgresql://`.
    public init(databaseURL url: String, migrate: Bool = true) async throws {
        guard let configuration = try PostgresConfiguration(url: url) else {
            throw AccountError(description: "Accounts need a PostgreSQL database (--database postgresql://…).")
        }
        self.configuration = configuration
        redactedURL = configuration.redactedURL
        pool = PostgresPool(configuration: configuration, maximumConnections: 2)
        try await pool.run { connection in
            if migrate {
                try connection.createSchemaIfMissing()
                try connection.transaction {
                    try Migrations.lock(connection)
                    try connection.executeScript(Self.registrySQL)
                }
            } else if try !Migrations.tableExists("crossdock_accounts", connection) {
                throw SchemaError(.behind(found: 0, needed: Migrations.latest))
            }
        }
    }

    /// The registered accounts, in id order.
    public func accounts() async throws -> [AccountID] {
        try await pool.run { connection in
            try connection.query("SELECT id FROM crossdock_accounts ORDER BY id").compactMap { row in
                try row.string("id").map(AccountID.init)
            }
        }
    }

    /// Opens a store on an account's schema. With `migrate` the schema is created or brought up to
    /// date and the account registered (both idempotent); without it, an account that is not
    /// registered, or whose schema is behind, is refused.
    public func openStore(account: AccountID, maximumConnections: Int = 4, migrate: Bool = true) async throws
        -> Store
    {
        let schema = account.schemaName(base: configuration.schema)
        guard account.isDefault || schema.utf8.count <= AccountID.longestSchemaName else {
            throw AccountError(
                description: "Account \(account) would live in schema \(schema), longer than PostgreSQL's 63 "
                    + "characters; use a shorter account id or ?schema= name.")
        }
        let accountConfiguration = account.isDefault ? configuration : configuration.withSchema(schema)
        if !migrate, try await schemaName(of: account) == nil {
            throw AccountError(
                description: "Account \(account) is not registered in \(redactedURL); create it with "
                    + "'crossdock migrate --database URL --account \(account)'.")
        }
        let database: Database
        do {
            database = try await Database(
                configuration: accountConfiguration, maximumConnections: maximumConnections, migrate: migrate)
        } catch var error as SchemaError {
            error.account = account
            throw error
        }
        if migrate { try await register(account, schemaName: database.schemaName ?? schema) }
        return Store(database: database, account: account)
    }

    /// Drops an account's schema with all its data and removes it from the registry (benchmarks
    /// and tests clean up with it). The default account, whose schema is the base schema, is refused.
    public func removeAccount(_ account: AccountID) async throws {
        guard !account.isDefault else {
            throw AccountError(description: "The default account's schema is the base schema; it is not dropped.")
        }
        let schema = account.schemaName(base: configuration.schema)
        try await pool.run { connection in
            try connection.transaction {
                try Migrations.lock(connection)
                try connection.executeScript("DROP SCHEMA IF EXISTS \"\(schema)\" CASCADE")
                try connection.execute("DELETE FROM crossdock_accounts WHERE id = ?", [.text(account.rawValue)])
            }
        }
    }

    /// Records a live worker; called every few seconds by each worker process.
    public func heartbeat(worker: String) async throws {
        try await pool.run { connection in
            try connection.execute(
                """
                INSERT INTO crossdock_workers (id, seen_at) VALUES (?, ?)
                ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at
                """, [.text(worker), .integer(Clock.nowMilliseconds())])
        }
    }

    /// Workers seen within the last `seconds`; rows of workers silent ten times that long are removed.
    public func liveWorkers(seenWithinSeconds seconds: Double) async throws -> [String] {
        let now = Clock.nowMilliseconds()
        let window = Int64(seconds * 1000)
        return try await pool.run { connection in
            try connection.execute("DELETE FROM crossdock_workers WHERE seen_at < ?", [.integer(now - 10 * window)])
            return try connection.query(
                "SELECT id FROM crossdock_workers WHERE seen_at >= ? ORDER BY id", [.integer(now - window)]
            ).compactMap { $0.string("id") }
        }
    }

    /// Removes a worker that is stopping, so that the others take its share at once.
    public func removeWorker(_ worker: String) async throws {
        try await pool.run { connection in
            try connection.execute("DELETE FROM crossdock_workers WHERE id = ?", [.text(worker)])
        }
    }

    private func schemaName(of account: AccountID) async throws -> String? {
        try await pool.run { connection in
            try connection.query(
                "SELECT schema_name FROM crossdock_accounts WHERE id = ?", [.text(account.rawValue)]
            ).first?.string("schema_name")
        }
    }

    /// Adds an account to the registry unless it is there; refuses one whose schema another uses.
    private func register(_ account: AccountID, schemaName: String) async throws {
        let redactedURL = redactedURL
        try await pool.run { connection in
            try connection.transaction {
                try Migrations.lock(connection)
                let owner = try connection.query(
                    "SELECT id FROM crossdock_accounts WHERE schema_name = ?", [.text(schemaName)]
                ).first?.string("id")
                if let owner, owner != account.rawValue {
                    throw AccountError(
                        description: "Account \(account) would share schema \(schemaName) with account \(owner) "
                            + "in \(redactedURL); choose another account id.")
                }
                try connection.execute(
                    """
                    INSERT INTO crossdock_accounts (id, schema_name, created_at) VALUES (?, ?, ?)
                    ON CONFLICT (id) DO NOTHING
                    """, [.text(account.rawValue), .text(schemaName), .integer(Clock.nowMilliseconds())])
            }
        }
    }

    private static let registrySQL = """
        CREATE TABLE IF NOT EXISTS crossdock_accounts (
            id TEXT COLLATE "C" PRIMARY KEY,
            schema_name TEXT COLLATE "C" NOT NULL UNIQUE,
            created_at BIGINT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS crossdock_workers (
            id TEXT COLLATE "C" PRIMARY KEY,
            seen_at BIGINT NOT NULL
        );
        """
}
