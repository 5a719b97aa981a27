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

    static func enqueue(kind: String, key: String, payload: [String: String], delay: Int64, _ db: any SQLConnection)
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
    ///
    /// On PostgreSQL several processes claim at once: `FOR UPDATE SKIP LOCKED` passes over a job
    /// another claim is taking. The twin rule needs no extra lock: the partial unique index lets a
    /// twin be queued only once the running job's claim has committed, so any claim that can see
    /// the twin also sees the running job.
    public func claimJob(excluding: Set<String> = []) async throws -> Job? {
        try await database.write { db in
            let excluded = excluding.sorted()
            let filter = excluded.isEmpty ? "" : "AND kind NOT IN (\(excluded.map { _ in "?" }.joined(separator: ",")))"
            guard
                let row = try db.query(
                    """
                    SELECT id FROM jobs WHERE state = 'queued' AND run_after <= ? \(filter)
                        AND NOT EXISTS (SELECT 1 FROM jobs AS r
                            WHERE r.state = 'running' AND r.kind = jobs.kind AND r.key = jobs.key)
                    ORDER BY run_after, id LIMIT 1
                    """ + db.dialect.forUpdateSkipLocked,
                    [.integer(Clock.nowMilliseconds())] + excluded.map { .text($0) }
                ).first, let id = row.int("id")
            else { return nil }
            return try db.query(
                """
                UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ?
                RETURNING id, kind, key, payload, attempts, last_error
                """,
                [.integer(Clock.nowMilliseconds()), .integer(Int64(id))]
            ).first.map { row in
                Job(
                    id: row.int("id") ?? id, kind: row.string("kind") ?? "", key: row.string("key") ?? "",
                    payload: JSONColumn.decode([String: String].self, from: row.string("payload")) ?? [:],
                    attempts: row.int("attempts") ?? 1, lastError: row.string("last_error"))
            }
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
            let requeued: Bool
            do {
                // On PostgreSQL a twin may be queued between any check and this update; the unique
                // index then refuses it, and the savepoint keeps the transaction usable.
                requeued = try db.savepoint {
                    try db.execute(
                        """
                        UPDATE jobs SET state = 'queued', run_after = ?, last_error = ?, updated_at = ?
                        WHERE id = ? AND NOT EXISTS (SELECT 1 FROM jobs AS q
                            WHERE q.state = 'queued' AND q.kind = jobs.kind AND q.key = jobs.key AND q.id <> jobs.id)
                        """,
                        [
                            .integer(Clock.nowMilliseconds() + delayMilliseconds), .text(error),
                            .integer(Clock.nowMilliseconds()), .integer(Int64(job.id)),
                        ]) > 0
                }
            } catch let failure as any SQLError where failure.isConstraintViolation {
                requeued = false
            }
            guard !requeued else { return }
            try db.execute("DELETE FROM jobs WHERE id = ?", [.integer(Int64(job.id))])
            try db.execute(
                "UPDATE jobs SET last_error = ? WHERE kind = ? AND key = ? AND state = 'queued'",
                [.text(error), .text(job.kind), .text(job.key)])
        }
    }

    /// Makes jobs left running by a process that died runnable again.
    public func requeueInterruptedJobs() async throws {
        // TODO: on PostgreSQL this also requeues jobs that other live processes are running; workers on
        // several machines need a lease (claimed_by, expiry) and requeue only expired ones (issue 4).
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
            try db.execute(Self.insertDelivery, [.text(hash), .text(scope), .integer(Clock.nowMilliseconds())]) == 1
        }
    }

    /// Records a webhook and queues its work in one transaction; false for a duplicate delivery.
    public func acceptWebhook(hash: String, scope: String, job: (kind: String, key: String, payload: [String: String]))
        async throws -> Bool
    {
        try await database.write { db in
            let inserted = try db.execute(
                Self.insertDelivery, [.text(hash), .text(scope), .integer(Clock.nowMilliseconds())])
            guard inserted == 1 else { return false }
            try Self.enqueue(kind: job.kind, key: job.key, payload: job.payload, delay: 0, db)
            return true
        }
    }

    private static let insertDelivery = """
        INSERT INTO webhook_deliveries (hash, scope, received_at) VALUES (?, ?, ?)
        ON CONFLICT (hash) DO NOTHING
        """
}
