import CrossdockDomain
import Foundation

/// A unit of durable work: every external effect of the hub is one.
public struct Job: Sendable, Equatable {
    public var id: Int
    public var kind: String
    /// Jobs of one kind with the same key coalesce while queued.
    public var key: String
    /// The integration whose channel API the job calls; one worker at a time runs its jobs.
    public var integrationID: String
    public var payload: [String: String]
    public var attempts: Int
    public var lastError: String?
}

extension Store {
    /// Queues a job unless one of the same kind and key is already queued. `integration` is the
    /// integration whose channel API the job calls.
    public func enqueue(
        kind: String, key: String, integration: String, payload: [String: String] = [:],
        delayMilliseconds: Int64 = 0
    ) async throws {
        try await database.write { db in
            try Self.enqueue(
                kind: kind, key: key, integration: integration, payload: payload, delay: delayMilliseconds, db)
        }
    }

    static func enqueue(
        kind: String, key: String, integration: String, payload: [String: String], delay: Int64,
        _ db: any SQLConnection
    ) throws {
        let now = Clock.nowMilliseconds()
        try db.execute(
            """
            INSERT INTO jobs (kind, key, integration_id, payload, run_after, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (kind, key) WHERE state = 'queued' DO NOTHING
            """,
            [
                .text(kind), .text(key), .text(integration), .text(JSONColumn.encode(payload)),
                .integer(now + delay), .integer(now), .integer(now),
            ])
    }

    /// Takes the next due job, or nil. A job whose twin (same kind and key) is running waits for it,
    /// so one order is never routed by two workers at once. Kinds in `excluding` are skipped (used
    /// to hold outbound work); with `integrations`, only those integrations' jobs are taken (the
    /// ones this worker owns).
    ///
    /// On PostgreSQL several processes claim at once: `FOR UPDATE SKIP LOCKED` passes over a job
    /// another claim is taking. The twin rule needs no extra lock: the partial unique index lets a
    /// twin be queued only once the running job's claim has committed, so any claim that can see
    /// the twin also sees the running job.
    public func claimJob(excluding: Set<String> = [], integrations: Set<String>? = nil) async throws -> Job? {
        if let integrations, integrations.isEmpty { return nil }
        return try await database.write { db in
            let excluded = excluding.sorted()
            let owned = integrations?.sorted() ?? []
            var filter = excluded.isEmpty ? "" : "AND kind NOT IN (\(Self.placeholders(excluded.count))) "
            if integrations != nil { filter += "AND integration_id IN (\(Self.placeholders(owned.count)))" }
            guard
                let row = try db.query(
                    """
                    SELECT id FROM jobs WHERE state = 'queued' AND run_after <= ? \(filter)
                        AND NOT EXISTS (SELECT 1 FROM jobs AS r
                            WHERE r.state = 'running' AND r.kind = jobs.kind AND r.key = jobs.key)
                    ORDER BY run_after, id LIMIT 1
                    """ + db.dialect.forUpdateSkipLocked,
                    [.integer(Clock.nowMilliseconds())] + (excluded + owned).map { .text($0) }
                ).first, let id = row.int("id")
            else { return nil }
            return try db.query(
                """
                UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ?
                RETURNING id, kind, key, integration_id, payload, attempts, last_error
                """,
                [.integer(Clock.nowMilliseconds()), .integer(Int64(id))]
            ).first.map { row in
                Job(
                    id: row.int("id") ?? id, kind: row.string("kind") ?? "", key: row.string("key") ?? "",
                    integrationID: row.string("integration_id") ?? "",
                    payload: JSONColumn.decode([String: String].self, from: row.string("payload")) ?? [:],
                    attempts: row.int("attempts") ?? 1, lastError: row.string("last_error"))
            }
        }
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ",")
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

    /// Makes jobs left running by a process that died runnable again: at start on SQLite, where one
    /// process owns everything. On PostgreSQL other processes may be running jobs right now, so a
    /// worker requeues an integration's jobs only once it owns the integration (`integration`),
    /// which no other live worker then does. A running job whose twin is queued is dropped in favour
    /// of the twin. Returns how many jobs were requeued or dropped.
    @discardableResult
    public func requeueInterruptedJobs(integration: String? = nil) async throws -> Int {
        try await database.write { db in
            let filter = integration == nil ? "" : "AND integration_id = ?"
            let parameters: [SQLValue] = integration.map { [.text($0)] } ?? []
            let dropped = try db.execute(
                """
                DELETE FROM jobs WHERE state = 'running' \(filter) AND EXISTS (
                    SELECT 1 FROM jobs AS q WHERE q.state = 'queued' AND q.kind = jobs.kind AND q.key = jobs.key)
                """, parameters)
            let requeued = try db.execute(
                "UPDATE jobs SET state = 'queued', updated_at = ? WHERE state = 'running' \(filter)",
                [.integer(Clock.nowMilliseconds())] + parameters)
            return dropped + requeued
        }
    }

    /// Jobs in state `running`, by integration: the work a worker must wait for before it hands an
    /// integration over, and what a new owner runs again.
    public func runningJobCounts() async throws -> [String: Int] {
        try await database.read { db in
            var counts: [String: Int] = [:]
            for row in try db.query(
                "SELECT integration_id, COUNT(*) AS n FROM jobs WHERE state = 'running' GROUP BY integration_id")
            {
                counts[row.string("integration_id") ?? ""] = row.int("n") ?? 0
            }
            return counts
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

    /// Records a webhook and queues its work (for `integration`, the one that sent it) in one
    /// transaction; false for a duplicate delivery.
    public func acceptWebhook(
        hash: String, scope: String, integration: String,
        job: (kind: String, key: String, payload: [String: String])
    ) async throws -> Bool {
        try await database.write { db in
            let inserted = try db.execute(
                Self.insertDelivery, [.text(hash), .text(scope), .integer(Clock.nowMilliseconds())])
            guard inserted == 1 else { return false }
            try Self.enqueue(
                kind: job.kind, key: job.key, integration: integration, payload: job.payload, delay: 0, db)
            return true
        }
    }

    private static let insertDelivery = """
        INSERT INTO webhook_deliveries (hash, scope, received_at) VALUES (?, ?, ?)
        ON CONFLICT (hash) DO NOTHING
        """
}
