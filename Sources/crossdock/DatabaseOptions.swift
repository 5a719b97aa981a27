import CrossdockStore
import Foundation

/// Where a command's data lives: a PostgreSQL database shared by every process (`--database URL`,
/// or `CROSSDOCK_DATABASE_URL` when neither option is given), or an SQLite file in a data
/// directory (`--data-dir`, the default `./crossdock-data`).
enum DatabaseChoice {
    case postgresql(url: String)
    case sqlite(directory: String)

    static let defaultDataDirectory = "./crossdock-data"

    /// The options every command that opens the hub's database declares.
    static let options: [String: Options.Kind] = ["database": .value(default: nil), "data-dir": .value(default: nil)]

    /// Reads `--database`, `--data-dir` and `CROSSDOCK_DATABASE_URL`; an explicit option wins over
    /// the environment.
    init(_ options: Options, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let database = options.string("database")
        let directory = options.string("data-dir")
        if database != nil, directory != nil {
            throw UsageError(message: "give --database or --data-dir, not both.")
        }
        if let url = database ?? (directory == nil ? environment["CROSSDOCK_DATABASE_URL"] : nil), !url.isEmpty {
            guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") else {
                throw UsageError(
                    message: "--database (or CROSSDOCK_DATABASE_URL) takes a postgresql:// URL; "
                        + "for SQLite give --data-dir.")
            }
            self = .postgresql(url: url)
        } else {
            self = .sqlite(directory: directory ?? Self.defaultDataDirectory)
        }
    }

    var isPostgreSQL: Bool {
        if case .postgresql = self { return true }
        return false
    }

    /// What to show of the database in messages: the data directory, or the URL without its password.
    var displayName: String {
        switch self {
        case .sqlite(let directory): directory
        case .postgresql(let url): Self.redacted(url)
        }
    }

    /// What to run to bring the schema up to date. The password is never repeated, so for
    /// PostgreSQL the sentence names the URL rather than writing it out with `***` in it.
    var migrateInstruction: String {
        switch self {
        case .sqlite(let directory): "run 'crossdock migrate --data-dir \(directory)'"
        case .postgresql:
            "run 'crossdock migrate --all-accounts' with the same --database URL (or CROSSDOCK_DATABASE_URL)"
        }
    }

    /// Opens the store of `account`, applying migrations unless `migrate` is false. Schema and
    /// account problems come back as one sentence that says what to do.
    func openStore(account: AccountID = .default, migrate: Bool = true, maximumConnections: Int = 4) async throws
        -> Store
    {
        try await explained {
            switch self {
            case .sqlite(let directory):
                guard account.isDefault else {
                    throw UsageError(
                        message: "an SQLite data directory holds one account; --account \(account) needs "
                            + "--database postgresql://….")
                }
                return try Store(dataDirectory: directory, migrate: migrate)
            case .postgresql(let url):
                return try await Store(
                    databaseURL: url, account: account, maximumConnections: maximumConnections, migrate: migrate)
            }
        }
    }

    /// Runs `body`, rewording a schema version problem as a sentence naming the command to run.
    func explained<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as SchemaError {
            let schema = "the database schema" + (error.account.map { " of account \($0)" } ?? "")
            switch error.problem {
            case .behind(let found, let needed):
                throw UsageError(
                    message: "\(schema) in \(displayName) is version \(found) and this crossdock needs version "
                        + "\(needed); \(migrateInstruction) first, or start without --no-migrate.")
            case .newer(let found, let understood):
                throw UsageError(
                    message: "\(schema) in \(displayName) is version \(found), newer than this crossdock understands "
                        + "(\(understood)); upgrade crossdock before running it on this database.")
            }
        } catch let error as AccountError {
            throw UsageError(message: error.description)
        }
    }

    /// `postgresql://user:secret@host/db` → `postgresql://user:***@host/db`, and `password=` likewise.
    static func redacted(_ url: String) -> String {
        var result = url
        if let scheme = result.range(of: "://") {
            let rest = result[scheme.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
                result.replaceSubrange(result.index(after: colon)..<at, with: "***")
            }
        }
        return result.replacingOccurrences(of: #"password=[^&]*"#, with: "password=***", options: .regularExpression)
    }
}

extension Options {
    /// `--account ID`, or the `default` account.
    func account() throws -> AccountID {
        guard let text = string("account") else { return .default }
        do {
            return try AccountID(text)
        } catch let error as AccountError {
            throw UsageError(message: error.description)
        }
    }

    /// `--time-scale X`: 1 unless given.
    func timeScale() throws -> Double {
        string("time-scale") == nil ? 1 : try number("time-scale")
    }
}

/// The store a benchmark measures: a fresh SQLite database in a temporary directory, or with
/// `--database` a fresh account in that PostgreSQL database, removed again by `remove`.
enum BenchStore {
    static func open(databaseURL: String?, dataDirectory: String) async throws -> Store {
        guard let databaseURL else { return try Store(dataDirectory: dataDirectory) }
        guard databaseURL.hasPrefix("postgresql://") || databaseURL.hasPrefix("postgres://") else {
            throw UsageError(message: "--database takes a postgresql:// URL.")
        }
        let account = try AccountID("bench-" + UUID().uuidString.prefix(8).lowercased())
        return try await DatabaseChoice.postgresql(url: databaseURL).openStore(account: account)
    }

    /// Drops the benchmark's account on PostgreSQL; the caller removes an SQLite directory.
    static func remove(_ store: Store, databaseURL: String?) async {
        guard let databaseURL, !store.account.isDefault else { return }
        try? await Deployment(databaseURL: databaseURL).removeAccount(store.account)
    }
}
