import CrossdockDomain
import CrossdockStore
import Foundation
import Testing

@testable import CrossdockSync

/// A PostgreSQL deployment of its own for one test: a fresh base schema (the registries and the
/// default account) and account ids no other test uses, all dropped afterwards.
struct ClusterTestDatabase: Sendable {
    let url: String
    let baseSchema: String
    let prefix: String

    static var isAvailable: Bool {
        let url = ProcessInfo.processInfo.environment["CROSSDOCK_TEST_DATABASE_URL"] ?? ""
        return url.hasPrefix("postgresql://") || url.hasPrefix("postgres://")
    }

    init() throws {
        guard let base = ProcessInfo.processInfo.environment["CROSSDOCK_TEST_DATABASE_URL"], Self.isAvailable else {
            throw MissingTestDatabase()
        }
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        baseSchema = "test_\(suffix)"
        prefix = "t\(suffix)"
        url = base + (base.contains("?") ? "&" : "?") + "schema=\(baseSchema)"
    }

    /// An account id unique to this test.
    func account(_ name: String) throws -> AccountID { try AccountID("\(prefix)-\(name)") }

    /// Opens an account's store with the two integrations of a merchant: BigCommerce and Amazon.
    func openAccount(_ name: String, integrations: [String] = ["amazon", "bigcommerce"]) async throws -> Store {
        let store = try await Store(databaseURL: url, account: try account(name))
        for id in integrations {
            try await store.save(
                Integration(
                    id: id, channel: id == "bigcommerce" ? .bigcommerce : .amazon, name: id,
                    baseURL: "http://127.0.0.1:1", tokenURL: nil, credentials: [:], settings: IntegrationSettings()))
        }
        return store
    }

    /// A worker of this deployment that runs no jobs by itself and rebalances only when told.
    func worker(_ id: String) -> ClusterWorker {
        var configuration = SyncConfiguration()
        configuration.workers = 0
        return ClusterWorker(databaseURL: url, configuration: configuration, id: id)
    }

    /// Drops every account schema of this test and the base schema.
    func drop() async {
        guard let deployment = try? await Deployment(databaseURL: url) else { return }
        for account in (try? await deployment.accounts()) ?? [] where !account.isDefault {
            try? await deployment.removeAccount(account)
        }
        if let store = try? await Store(databaseURL: url) {
            let schema = baseSchema
            _ = try? await store.database.write { db in try db.executeScript("DROP SCHEMA \"\(schema)\" CASCADE") }
        }
    }
}

/// Runs `body` with a fresh deployment, dropped afterwards, also when the body fails.
func withCluster(_ body: (ClusterTestDatabase) async throws -> Void) async throws {
    let cluster = try ClusterTestDatabase()
    do {
        try await body(cluster)
    } catch {
        await cluster.drop()
        throw error
    }
    await cluster.drop()
}

/// Breaks a lock connection from the server side, as a network failure or a dead process would.
func terminateBackend(_ pid: Int?, using store: Store) async throws {
    let pid = try #require(pid)
    try await store.database.write { db in
        try db.query("SELECT pg_terminate_backend(CAST(? AS INTEGER)) AS done", [.integer(Int64(pid))])
    }
}

/// Claims one job the way an engine of `worker` does: only from the integrations it owns, with
/// the claim counted against them until `finish`.
func claim(_ worker: ClusterWorker, _ account: AccountID) async throws -> (Job, JobOwnership.Claim)? {
    let engine = try #require(await worker.engine(for: account))
    guard let claim = engine.ownership.beginClaim() else { return nil }
    let job = try await engine.store.claimJob(integrations: claim.integrations)
    engine.ownership.endClaim(claim, took: job?.integrationID)
    return job.map { ($0, claim) }
}

/// Claims every job `worker` may take for `account` now.
func claimAll(_ worker: ClusterWorker, _ account: AccountID) async throws -> [Job] {
    var jobs: [Job] = []
    while let (job, _) = try await claim(worker, account) { jobs.append(job) }
    return jobs
}

@Suite("Workers on PostgreSQL: accounts, ownership, fair share", .enabled(if: ClusterTestDatabase.isAvailable))
struct StoreClusterTests {
    @Test func twoOwnersOfOneIntegrationExactlyOneHoldsIt() async throws {
        try await withCluster { cluster in
            let store = try await cluster.openAccount("shop")
            let first = try await AdvisoryLocks(databaseURL: cluster.url)
            let second = try await AdvisoryLocks(databaseURL: cluster.url)
            let lock = AdvisoryLockKey.integration("amazon", schema: try #require(store.database.schemaName))
            #expect(try await first.tryLock(lock))
            #expect(try await !second.tryLock(lock))
            #expect(try await first.tryLock(.scheduler(schema: "other")))

            try await terminateBackend(first.backendPID, using: store)
            await #expect(throws: (any Error).self) { try await first.check() }
            #expect(try await second.tryLock(lock))
        }
    }

    @Test func takeoverRequeuesTheDeadOwnersRunningJobsAndTheyRunOnce() async throws {
        try await withCluster { cluster in
            let store = try await cluster.openAccount("shop", integrations: ["amazon"])
            let account = store.account
            let dying = cluster.worker("w1")
            try await dying.start(coordinating: false)
            #expect(await dying.ownedIntegrations[account] == ["amazon"])
            try await store.enqueue(kind: JobKind.trackingSend, key: "7", integration: "amazon")
            let (running, _) = try #require(try await claim(dying, account))
            #expect(running.attempts == 1)

            // The owner's lock connection breaks mid-job; the survivor sorts first, so its share is 1.
            try await terminateBackend(await dying.lockConnectionPID, using: store)
            let survivor = cluster.worker("w0")
            try await survivor.start(coordinating: false)
            #expect(await survivor.ownedIntegrations[account] == ["amazon"])
            await dying.coordinate()
            #expect(await dying.ownedIntegrations[account] == [])
            #expect(try await claim(dying, account) == nil)

            let (again, _) = try #require(try await claim(survivor, account))
            #expect(again.id == running.id)
            #expect(again.attempts == 2)
            // Whatever else is due (the scheduler's polls) is claimable; the job itself is not, twice.
            #expect(try await claimAll(survivor, account).allSatisfy { $0.id != running.id })
            await survivor.stop()
            await dying.stop()
        }
    }

    @Test func workersShareIntegrationsFairlyAndHandOverOnlyIdleOnes() async throws {
        try await withCluster { cluster in
            let stores = [try await cluster.openAccount("north"), try await cluster.openAccount("south")]
            let first = cluster.worker("w1")
            let second = cluster.worker("w2")
            try await first.start(coordinating: false)
            #expect(await owned(first) == 4)
            try await second.start(coordinating: false)
            #expect(await owned(second) == 0)
            await first.coordinate()
            await second.coordinate()
            #expect(await owned(first) == 2)
            #expect(await owned(second) == 2)

            // The second worker is running a job of the integration it will hand over (its last one).
            let (account, handedOver) = try #require(
                await second.ownedIntegrations.flatMap { account, ids in ids.map { (account, $0) } }
                    .max { ($0.0, $0.1) < ($1.0, $1.1) })
            let store = try #require(stores.first { $0.account == account })
            try await store.enqueue(kind: "test.slow", key: "1", integration: handedOver)
            let (job, jobClaim) = try #require(try await claim(second, account))

            let third = cluster.worker("w3")
            try await third.start(coordinating: false)
            await second.coordinate()
            await third.coordinate()
            #expect(await owned(second) == 1)
            #expect(await owned(third) == 0)
            let engine = try #require(await second.engine(for: account))
            #expect(engine.ownership.releasing == [handedOver])

            try await store.completeJob(job)
            engine.ownership.finished(jobClaim, integration: handedOver)
            await second.coordinate()
            await third.coordinate()
            #expect(await owned(first) == 2)
            #expect(await owned(second) == 1)
            #expect(await owned(third) == 1)
            #expect(await third.ownedIntegrations[account] == [handedOver])
            #expect(try await claimAll(third, account).allSatisfy { $0.id != job.id })
            for worker in [first, second, third] { await worker.stop() }
        }
    }

    @Test func oneSchedulerPerAccountAcrossWorkers() async throws {
        try await withCluster { cluster in
            let store = try await cluster.openAccount("shop")
            let first = cluster.worker("w1")
            let second = cluster.worker("w2")
            try await first.start(coordinating: false)
            try await second.start(coordinating: false)
            await first.coordinate()
            await second.coordinate()
            let schedulers = [
                try #require(await first.engine(for: store.account)).ownership.isScheduling,
                try #require(await second.engine(for: store.account)).ownership.isScheduling,
            ]
            #expect(schedulers.filter { $0 }.count == 1)
            await first.stop()
            await second.stop()
        }
    }

    @Test func accountsAreRegisteredAndNeverShareJobs() async throws {
        try await withCluster { cluster in
            let north = try await cluster.openAccount("north")
            let south = try await cluster.openAccount("south")
            try await north.enqueue(kind: JobKind.ordersPoll, key: "amazon", integration: "amazon")
            try await south.enqueue(kind: JobKind.catalogPoll, key: "bigcommerce", integration: "bigcommerce")

            let accounts = try await Deployment(databaseURL: cluster.url).accounts()
            #expect(accounts == [north.account, south.account])
            #expect(north.database.schemaName == north.account.schemaName(base: cluster.baseSchema))
            #expect(try await north.claimJob()?.kind == JobKind.ordersPoll)
            #expect(try await north.claimJob() == nil)
            #expect(try await south.claimJob()?.kind == JobKind.catalogPoll)
            #expect(try await north.integrations().count == 2)

            // Opening again is idempotent; an id that maps onto another account's schema is refused.
            _ = try await Store(databaseURL: cluster.url, account: north.account)
            let lookalike = try AccountID(north.account.rawValue.replacingOccurrences(of: "-", with: "_"))
            await #expect(throws: AccountError.self) {
                _ = try await Store(databaseURL: cluster.url, account: lookalike)
            }
        }
    }

    @Test func workerPicksUpAccountsRegisteredAfterItStarted() async throws {
        try await withCluster { cluster in
            let worker = cluster.worker("w1")
            try await worker.start(coordinating: false)
            #expect(await worker.accounts.isEmpty)
            let store = try await cluster.openAccount("late")
            await worker.coordinate()
            #expect(await worker.accounts == [store.account])
            #expect(await worker.ownedIntegrations[store.account] == ["amazon", "bigcommerce"])
            await worker.stop()
        }
    }

    private func owned(_ worker: ClusterWorker) async -> Int {
        await worker.ownedIntegrations.values.map(\.count).reduce(0, +)
    }
}

@Suite("Schema versions and accounts on both engines")
struct StoreSchemaVersionTests {
    @Test(arguments: [Engine.sqlite, .postgresql])
    func processWithoutMigrationsRefusesASchemaThatIsBehind(engine: Engine) async throws {
        try await withStore(engine) { store, database in
            try await store.database.write { db in try db.execute("DELETE FROM schema_migrations WHERE version = 4") }
            let error = await #expect(throws: SchemaError.self) { _ = try await database.open(migrate: false) }
            #expect(error?.problem == .behind(found: 3, needed: 4))
            #expect(error?.description.contains("crossdock migrate") == true)

            // Once migrated (the version recorded again, as 'crossdock migrate' would), it starts.
            try await store.database.write { db in
                try db.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (4, 0)")
            }
            _ = try await database.open(migrate: false)
        }
    }

    @Test(arguments: [Engine.sqlite, .postgresql])
    func schemaNewerThanTheCodeIsRefused(engine: Engine) async throws {
        try await withStore(engine) { store, database in
            try await store.database.write { db in
                try db.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)")
            }
            for migrate in [true, false] {
                let error = await #expect(throws: SchemaError.self) { _ = try await database.open(migrate: migrate) }
                #expect(error?.problem == .newer(found: 99, understood: 4))
                #expect(error?.description.contains("Upgrade crossdock") == true)
            }
        }
    }

    @Test func sqliteHoldsOnlyTheDefaultAccount() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crossdock-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        await #expect(throws: AccountError.self) {
            _ = try await Store(databaseURL: directory + "/crossdock.sqlite", account: try AccountID("north"))
        }
        #expect(throws: AccountError.self) { try AccountID("no spaces") }
        #expect(try AccountID("shop-1_B").schemaName(base: nil) == "crossdock_shop_1_b")
        #expect(try AccountID("shop-1_B").schemaName(base: "public") == "crossdock_shop_1_b")
        #expect(try AccountID("shop-1_B").schemaName(base: "agency") == "agency_shop_1_b")
    }
}
