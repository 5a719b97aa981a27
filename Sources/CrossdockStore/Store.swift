import CrossdockDomain
import Foundation

/// The hub's storage: integrations, catalogue, listings, orders, shipments and the job queue.
public final class Store: Sendable {
    public let database: Database

    /// Opens `crossdock.sqlite` in `dataDirectory`, creating the directory when missing.
    public init(dataDirectory: String) throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        database = try Database(path: (dataDirectory as NSString).appendingPathComponent("crossdock.sqlite"))
    }

    /// Opens the database a URL names: `postgresql://user:password@host:port/database` (optionally
    /// `?schema=name`) for a PostgreSQL database that several processes share, or an SQLite path.
    /// Pending migrations are applied; a schema newer than this code understands is refused.
    public init(databaseURL: String, maximumConnections: Int = 4) async throws {
        database = try await Database(url: databaseURL, maximumConnections: maximumConnections)
    }
}

/// A store operation that found the database in a state it cannot continue from.
struct StoreError: Error, CustomStringConvertible {
    let description: String
}

/// JSON helpers for columns that hold small documents.
enum JSONColumn {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String?) -> T? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
