import Foundation

/// The hub's SQLite database: one connection confined to a serial queue, so blocking SQLite calls
/// never run on Swift's cooperative thread pool.
public final class Database: @unchecked Sendable {
    public let path: String
    private let connection: SQLiteConnection
    private let queue: DispatchQueue

    /// Opens (creating when missing) the database file in WAL mode and applies pending migrations.
    public init(path: String) throws {
        self.path = path
        connection = try SQLiteConnection(path: path)
        queue = DispatchQueue(label: "crossdock.database")
        try connection.executeScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")
        try Migrations.apply(on: connection)
    }

    /// Runs `body` on the database queue.
    @discardableResult
    public func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [connection] in
                continuation.resume(with: Result { try body(connection) })
            }
        }
    }

    /// Runs `body` in one transaction on the database queue.
    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await read { connection in try connection.transaction { try body(connection) } }
    }
}
