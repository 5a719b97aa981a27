import Dispatch
import Foundation

/// A PostgreSQL session advisory lock in the two-key form `(class, key)`: a lock space apart from
/// the migrations' (whose class is "CDMG"), with a fixed class per purpose and a key hashed from
/// the account's schema and what is locked.
public struct AdvisoryLockKey: Hashable, Sendable, CustomStringConvertible {
    public let classID: Int32
    public let key: Int32

    /// Held by the worker that owns an integration: it alone calls that integration's channel API.
    public static func integration(_ integrationID: String, schema: String) -> AdvisoryLockKey {
        AdvisoryLockKey(classID: 0x4344_4F57, key: stableHash(schema + "\u{1F}" + integrationID))  // "CDOW"
    }

    /// Held by the one process that runs an account's scheduler (the periodic polls).
    public static func scheduler(schema: String) -> AdvisoryLockKey {
        AdvisoryLockKey(classID: 0x4344_5343, key: stableHash(schema))  // "CDSC"
    }

    public var description: String { "\(classID)/\(key)" }

    /// 32-bit FNV-1a of the UTF-8 bytes: the same in every process, build and platform, unlike
    /// Swift's per-process `hashValue`. Two keys that collide only share a lock, which costs
    /// parallelism, never correctness.
    public static func stableHash(_ text: String) -> Int32 {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        return Int32(bitPattern: hash)
    }
}

/// A dedicated PostgreSQL connection that holds a worker's session advisory locks. The locks last
/// as long as the connection: when the process dies, or the connection breaks, PostgreSQL releases
/// them and another worker can take over. It is not part of the store's pool, so a lock is never
/// released by a pooled connection being reopened. All calls run on the connection's own queue.
public final class AdvisoryLocks: Sendable {
    private let connection: PostgresConnection
    private let queue = DispatchQueue(label: "crossdock.postgresql.locks")
    /// The server process of the connection, so that tests and operators can find it.
    public let backendPID: Int

    /// Opens the connection to the database `url` names (a `postgresql://` URL).
    public init(databaseURL url: String) async throws {
        guard let configuration = try PostgresConfiguration(url: url) else {
            throw AccountError(description: "Advisory locks need a PostgreSQL database (--database postgresql://…).")
        }
        let queue = queue
        let (connection, pid) = try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(
                    with: Result {
                        let connection = try PostgresConnection(configuration: configuration)
                        let pid = try connection.query("SELECT pg_backend_pid() AS pid").first?.int("pid") ?? 0
                        return (connection, pid)
                    })
            }
        }
        self.connection = connection
        backendPID = pid
    }

    /// Takes the lock unless another session holds it; true when this connection holds it now.
    public func tryLock(_ lock: AdvisoryLockKey) async throws -> Bool {
        try await run { connection in
            try connection.query(
                "SELECT pg_try_advisory_lock(CAST(? AS INTEGER), CAST(? AS INTEGER)) AS locked",
                [.integer(Int64(lock.classID)), .integer(Int64(lock.key))]
            ).first?.int("locked") == 1
        }
    }

    /// Releases a lock this connection holds.
    public func unlock(_ lock: AdvisoryLockKey) async throws {
        try await run { connection in
            try connection.query(
                "SELECT pg_advisory_unlock(CAST(? AS INTEGER), CAST(? AS INTEGER)) AS unlocked",
                [.integer(Int64(lock.classID)), .integer(Int64(lock.key))])
        }
    }

    /// Releases every lock this connection holds (a worker that stops hands over at once).
    public func unlockAll() async throws {
        try await run { connection in try connection.query("SELECT pg_advisory_unlock_all() AS unlocked") }
    }

    /// Throws when the connection is gone, and with it every lock it held.
    public func check() async throws {
        try await run { connection in
            guard connection.isConnected else {
                throw PostgresError(sqlState: nil, message: "The advisory lock connection is closed.", sql: nil)
            }
            try connection.query("SELECT 1 AS alive")
        }
    }

    @discardableResult
    private func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        let connection = connection
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body(connection) }) }
        }
    }
}
