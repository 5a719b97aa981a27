import CrossdockStore
import Foundation
import Testing

/// The durable job queue, run unchanged on SQLite and on PostgreSQL.
@Suite("Store job queue")
struct StoreJobQueueTests {
    @Test(arguments: [Engine.sqlite, .postgresql])
    func queuedJobsOfOneKindAndKeyCoalesce(engine: Engine) async throws {
        try await withStore(engine) { store, _ in
            try await store.enqueue(
                kind: "inventory.push", key: "amazon-us/MUG-1", integration: "amazon-us", payload: ["n": "1"])
            try await store.enqueue(
                kind: "inventory.push", key: "amazon-us/MUG-1", integration: "amazon-us", payload: ["n": "2"])
            try await store.enqueue(kind: "inventory.push", key: "amazon-us/TEE-RED", integration: "amazon-us")
            try await store.enqueue(kind: "order.route", key: "amazon-us/MUG-1", integration: "amazon-us")
            #expect(try await store.pendingJobCounts() == ["inventory.push": 2, "order.route": 1])

            let job = try #require(try await store.claimJob(excluding: ["order.route"]))
            #expect(job.kind == "inventory.push")
            #expect(job.key == "amazon-us/MUG-1")
            #expect(job.payload == ["n": "1"])
            #expect(job.attempts == 1)
        }
    }

    @Test(arguments: [Engine.sqlite, .postgresql])
    func claimsAreLimitedToTheOwnedIntegrations(engine: Engine) async throws {
        try await withStore(engine) { store, _ in
            try await store.enqueue(kind: "order.route", key: "114-1", integration: "bigcommerce")
            try await store.enqueue(kind: "tracking.send", key: "7", integration: "amazon-us")
            #expect(try await store.claimJob(integrations: []) == nil)

            let job = try #require(try await store.claimJob(integrations: ["amazon-us"]))
            #expect(job.kind == "tracking.send")
            #expect(job.integrationID == "amazon-us")
            #expect(try await store.claimJob(integrations: ["amazon-us"]) == nil)
            #expect(try await store.claimJob(integrations: ["bigcommerce", "ebay"])?.key == "114-1")
        }
    }

    @Test(arguments: [Engine.sqlite, .postgresql])
    func requeueingOneIntegrationLeavesTheOthersRunning(engine: Engine) async throws {
        try await withStore(engine) { store, _ in
            try await store.enqueue(kind: "order.route", key: "114-1", integration: "bigcommerce")
            try await store.enqueue(kind: "tracking.send", key: "7", integration: "amazon-us")
            _ = try #require(try await store.claimJob())
            _ = try #require(try await store.claimJob())
            #expect(try await store.runningJobCounts() == ["bigcommerce": 1, "amazon-us": 1])

            #expect(try await store.requeueInterruptedJobs(integration: "amazon-us") == 1)
            #expect(try await store.runningJobCounts() == ["bigcommerce": 1])
            #expect(try await store.claimJob()?.key == "7")
        }
    }

    @Test(arguments: [Engine.sqlite, .postgresql])
    func claimsOnlyDueJobsAndEachOnce(engine: Engine) async throws {
        try await withStore(engine) { store, _ in
            try await store.enqueue(
                kind: "orders.poll", key: "amazon-us", integration: "amazon-us", delayMilliseconds: 60_000)
            #expect(try await store.claimJob() == nil)

            try await store.enqueue(kind: "catalog.poll", key: "bigcommerce", integration: "amazon-us")
            let job = try #require(try await store.claimJob())
            #expect(job.kind == "catalog.poll")
            #expect(try await store.claimJob() == nil)
            try await store.completeJob(job)
            #expect(try await store.pendingJobCounts() == ["orders.poll": 1])
        }
    }

    @Test(arguments: [Engine.sqlite, .postgresql])
    func failedJobIsRetriedWithItsErrorAfterTheDelay(engine: Engine) async throws {
        try await withStore(engine) { store, _ in
            try await store.enqueue(kind: "order.route", key: "114-1", integration: "amazon-us")
            let first = try #require(try await store.claimJob())
            try await store.retryJob(first, error: "BigCommerce answered 503.", delayMilliseconds: 0)
            let second = try #require(try await store.claimJob())
            #expect(second.id == first.id)
            #expect(second.attempts == 2)
            #expect(second.lastError == "BigCommerce answered 503.")

            try await store.retryJob(second, error: "BigCommerce answered 502.", delayMilliseconds: 60_000)
            #expect(try await store.claimJob() == nil)
            #expect(try await store.pendingJobCounts() == ["order.route": 1])
        }
    }

    @Test(arguments: [Engine.sqlite, .postgresql])
    func jobWaitsWhileItsTwinRunsAndAFailedRunDefersToTheQueuedTwin(engine: Engine) async throws {
        try await withStore(engine) { store, _ in
            try await store.enqueue(kind: "order.route", key: "114-2", integration: "amazon-us")
            let running = try #require(try await store.claimJob())
            try await store.enqueue(
                kind: "order.route", key: "114-2", integration: "amazon-us", payload: ["again": "yes"])
            try await store.enqueue(kind: "order.route", key: "114-3", integration: "amazon-us")

            // The twin of 114-2 is not claimed while 114-2 runs; other keys are.
            let other = try #require(try await store.claimJob())
            #expect(other.key == "114-3")
            #expect(try await store.claimJob() == nil)

            try await store.retryJob(running, error: "Timed out.", delayMilliseconds: 0)
            let twin = try #require(try await store.claimJob())
            #expect(twin.key == "114-2")
            #expect(twin.id != running.id)
            #expect(twin.payload == ["again": "yes"])
            #expect(twin.lastError == "Timed out.")
            #expect(try await store.pendingJobCounts() == ["order.route": 2])
        }
    }

    @Test(arguments: [Engine.sqlite, .postgresql])
    func jobsLeftRunningByACrashedProcessAreQueuedAgain(engine: Engine) async throws {
        try await withStore(engine) { store, database in
            try await store.enqueue(kind: "order.route", key: "114-4", integration: "amazon-us")
            try await store.enqueue(kind: "order.route", key: "114-5", integration: "amazon-us")
            let interrupted = try #require(try await store.claimJob())
            let covered = try #require(try await store.claimJob())
            try await store.enqueue(kind: "order.route", key: covered.key, integration: "amazon-us")

            // A new process opens the same database and finds both still running.
            let restarted = try await database.open()
            try await restarted.requeueInterruptedJobs()
            var claimed: [Job] = []
            while let job = try await restarted.claimJob() { claimed.append(job) }
            #expect(claimed.map(\.key).sorted() == ["114-4", "114-5"])
            #expect(claimed.first { $0.key == interrupted.key }?.attempts == 2)
            #expect(!claimed.contains { $0.id == covered.id })
        }
    }

    /// Two hubs (two stores, each with its own connections) and four workers each share one queue.
    @Test(arguments: [Engine.sqlite, .postgresql])
    func concurrentWorkersOfTwoProcessesNeverClaimTheSameJob(engine: Engine) async throws {
        try await withStore(engine) { store, database in
            let jobCount = 200
            for index in 0..<jobCount {
                try await store.enqueue(kind: "inventory.push", key: "amazon-us/SKU-\(index)", integration: "amazon-us")
            }
            // Two connections for four workers: the others wait their turn without blocking a thread.
            let other = try await database.open(maximumConnections: 2)

            let claimed = try await withThrowingTaskGroup(of: [Int].self) { group in
                for worker in 0..<8 {
                    let hub = worker.isMultiple(of: 2) ? store : other
                    group.addTask {
                        var ids: [Int] = []
                        while let job = try await hub.claimJob() {
                            ids.append(job.id)
                            try await hub.completeJob(job)
                        }
                        return ids
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claimed.count == jobCount)
            #expect(Set(claimed).count == jobCount)
            #expect(try await store.pendingJobCounts().isEmpty)
        }
    }
}
