import CrossdockDomain
import Foundation

/// The hub's storage: integrations, catalogue, listings, orders, shipments and the job queue.
public final class Store: Sendable {
    public let database: Database
    /// The merchant account whose data this store holds.
    public let account: AccountID

    /// Opens `crossdock.sqlite` in `dataDirectory`, creating the directory when missing, and applies
    /// pending migrations; with `migrate` false a schema that is behind is a `SchemaError`.
    public init(dataDirectory: String, migrate: Bool = true) throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        database = try Database(
            path: (dataDirectory as NSString).appendingPathComponent("crossdock.sqlite"), migrate: migrate)
        account = .default
    }

    /// Opens the database a URL names: `postgresql://user:password@host:port/database` (optionally
    /// `?schema=name`) for a PostgreSQL database that several processes share, or an SQLite path.
    /// Pending migrations are applied unless `migrate` is false; a schema newer than this code
    /// understands is refused. On PostgreSQL the account is registered (see `Deployment`); SQLite
    /// holds the `default` account only.
    public convenience init(
        databaseURL: String, account: AccountID = .default, maximumConnections: Int = 4, migrate: Bool = true
    ) async throws {
        if databaseURL.hasPrefix("postgresql://") || databaseURL.hasPrefix("postgres://") {
            let deployment = try await Deployment(databaseURL: databaseURL, migrate: migrate)
            let store = try await deployment.openStore(
                account: account, maximumConnections: maximumConnections, migrate: migrate)
            self.init(database: store.database, account: account)
        } else {
            guard account.isDefault else {
                throw AccountError(
                    description: "An SQLite database holds one account (its data directory); account \(account) "
                        + "needs a PostgreSQL database (--database postgresql://…).")
            }
            let database = try await Database(
                url: databaseURL, maximumConnections: maximumConnections, migrate: migrate)
            self.init(database: database, account: account)
        }
    }

    init(database: Database, account: AccountID) {
        self.database = database
        self.account = account
    }
}

/// A store operation that found the database in a state it cannot continue from.
struct StoreError: Error, CustomStringConvertible {
    let description: String
}

/// JSON helpers for columns that hold small documents.
///
/// One encoder and one decoder serve every call (a catalogue page writes three columns for each of
/// its hundreds of rows): neither changes while it works, so concurrent use is safe.
enum JSONColumn {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    private static let decoder = JSONDecoder()

    static func encode<T: Encodable>(_ value: T) -> String {
        encoded(value)
    }

    /// An array column; most rows have no option values or warnings, written without the encoder.
    static func encode<Element: Encodable>(_ values: [Element]) -> String {
        values.isEmpty ? "[]" : encoded(values)
    }

    private static func encoded<T: Encodable>(_ value: T) -> String {
        (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String?) -> T? {
        guard let text else { return nil }
        return try? decoder.decode(T.self, from: Data(text.utf8))
    }
}
