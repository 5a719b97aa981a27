import CrossdockDomain
import Foundation

/// A unit of durable work: every external effect of the hub is one.
public struct Job: Sendable, Equatable {
    public var id: Int
    public var kind: String
    /// Jobs of one kind with the same key coalesce while queued.
    public var key: String
    public var payload: [String: String]
    public var attempts: Int
    public var lastError: String?
}

extension Store {
    /// Queues a job unless one of the same kind and key is already queued.
    public func enqueue(kind: String, key: String, payload: [String: String] = [:], delayMilliseconds: Int64 = 0)
        async throws
    {
        try await database.write { db in
            try Self.enqueue(kind: kind, key: key, payload: payload, delay: delayMilliseconds, db)
        }
    }

    static func enqueue(kind: String, key: String, payload: [String: String], delay: Int64, _ db: SQLiteConnection)
        throws
    {
        let now = Clock.nowMilliseconds()
        try db.execute(
            """
            INSERT INTO jobs (kind, key, payload, run_after, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (kind, key) WHERE state = 'queued' DO NOTHING
            """,
            [
                .text(kind), .text(key), .text(JSONColumn.encode(payload)), .integer(now + delay), .integer(now),
                .integer(now),
            ])
    }

    /// Takes the next due job, or nil. A job whose twin (same kind and key) is running waits for it,
    /// so one order is never routed by two workers at once. Kinds in `excluding` are skipped (used
    /// to hold outbound work).
    public func claimJob(excluding: Set<String> = []) async throws -> Job? {
        try await database.write { db in
            let excluded = excluding.sorted()
            let filter = excluded.isEmpty ? "" : "AND kind NOT IN (\(excluded.map { _ in "?" }.joined(separator: ",")))"
            guard
                let row = try db.query(
                    """
                    SELECT * FROM jobs WHERE state = 'queued' AND run_after <= ? \(filter)
                        AND NOT EXISTS (SELECT 1 FROM jobs AS r
                            WHERE r.state = 'running' AND r.kind = jobs.kind AND r.key = jobs.key)
                    ORDER BY run_after, id LIMIT 1
                    """,
                    [.integer(Clock.nowMilliseconds())] + excluded.map { .text($0) }
                ).first, let id = row.int("id")
            else { return nil }
            try db.execute(
                "UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ?",
                [.integer(Clock.nowMilliseconds()), .integer(Int64(id))])
            return Job(
                id: id, kind: row.string("kind") ?? "", key: row.string("key") ?? "",
                payload: JSONColumn.decode([String: String].self, from: row.string("payload")) ?? [:],
                attempts: (row.int("attempts") ?? 0) + 1, lastError: row.string("last_error"))
        }
    }

    public func completeJob(_ job: Job) async throws {
        try await database.write { db in
            try db.execute("DELETE FROM jobs WHERE id = ?", [.integer(Int64(job.id))])
        }
    }

    /// Puts a job back to run after `delay`, with the error that stopped it. A queued twin of the
    /// same key already covers the work, so the failed one is dropped in favour of it.
    public func retryJob(_ job: Job, error: String, delayMilliseconds: Int64) async throws {
        try await database.write { db in
            let twin = try db.query(
                "SELECT id FROM jobs WHERE kind = ? AND key = ? AND state = 'queued'",
                [.text(job.kind), .text(job.key)])
            if let twinID = twin.first?.int("id") {
                try db.execute("DELETE FROM jobs WHERE id = ?", [.integer(Int64(job.id))])
                try db.execute("UPDATE jobs SET last_error = ? WHERE id = ?", [.text(error), .integer(Int64(twinID))])
                return
            }
            try db.execute(
                "UPDATE jobs SET state = 'queued', run_after = ?, last_error = ?, updated_at = ? WHERE id = ?",
                [
                    .integer(Clock.nowMilliseconds() + delayMilliseconds), .text(error),
                    .integer(Clock.nowMilliseconds()),
                    .integer(Int64(job.id)),
                ])
        }
    }

    /// Makes jobs left running by a process that died runnable again.
    public func requeueInterruptedJobs() async throws {
        try await database.write { db in
            try db.execute(
                """
                DELETE FROM jobs WHERE state = 'running' AND EXISTS (
                    SELECT 1 FROM jobs AS q WHERE q.state = 'queued' AND q.kind = jobs.kind AND q.key = jobs.key)
                """)
            try db.execute("UPDATE jobs SET state = 'queued' WHERE state = 'running'")
        }
    }

    /// Jobs waiting or retrying, by kind, for the status page.
    public func pendingJobCounts() async throws -> [String: Int] {
        try await database.read { db in
            var counts: [String: Int] = [:]
            for row in try db.query("SELECT kind, COUNT(*) AS n FROM jobs GROUP BY kind") {
                counts[row.string("kind") ?? ""] = row.int("n") ?? 0
            }
            return counts
        }
    }

    /// Remembers a webhook delivery; false when its hash was seen before (a duplicate).
    public func recordWebhookDelivery(hash: String, scope: String) async throws -> Bool {
        try await database.write { db in
            try db.execute(
                "INSERT INTO webhook_deliveries (hash, scope, received_at) VALUES (?, ?, ?) ON CONFLICT (hash) DO NOTHING",
                [.text(hash), .text(scope), .integer(Clock.nowMilliseconds())]) == 1
        }
    }

    /// Records a webhook and queues its work in one transaction; false for a duplicate delivery.
    public func acceptWebhook(hash: String, scope: String, job: (kind: String, key: String, payload: [String: String]))
        async throws -> Bool
    {
        try await database.write { db in
            let inserted = try db.execute(
                "INSERT INTO webhook_deliveries (hash, scope, received_at) VALUES (?, ?, ?) ON CONFLICT (hash) DO NOTHING",
                [.text(hash), .text(scope), .integer(Clock.nowMilliseconds())])
            guard inserted == 1 else { return false }
            try Self.enqueue(kind: job.kind, key: job.key, payload: job.payload, delay: 0, db)
            return true
        }
    }
}
