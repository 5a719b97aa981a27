import CrossdockStore
import Foundation

/// The sync workers of one process of a PostgreSQL deployment: a sync engine for every registered
/// merchant account (accounts registered later are picked up within seconds), claiming only the
/// jobs of the integrations this process owns.
///
/// Every second the worker records a heartbeat in `crossdock_workers` and rebalances: with `T`
/// integrations across all accounts and `L` live workers (sorted by id), the worker at position `p`
/// should own `T / L` integrations, plus one when `p < T mod L`. Below that it takes integrations
/// whose advisory lock is free (`pg_try_advisory_lock` on a dedicated connection) and first puts
/// their `running` jobs back in the queue: their previous owner died, or released the integration
/// only after its jobs finished. Above it, it stops claiming the surplus, waits for its jobs in
/// hand, then unlocks. The same connection holds each account's scheduler lock. When that
/// connection fails, the process stops claiming everything at once and starts over.
public actor ClusterWorker {
    /// How often the worker records its heartbeat and rebalances.
    public static let heartbeatSeconds: Double = 1
    /// A worker whose heartbeat is older than this is presumed dead and its share is given out.
    public static let liveWindowSeconds: Double = 3

    /// This process's name in the worker registry.
    public nonisolated let id: String
    public nonisolated let databaseURL: String
    public nonisolated let configuration: SyncConfiguration
    /// False when the process was started with `--no-migrate`: schemas must already be up to date.
    public nonisolated let migrate: Bool
    private var deployment: Deployment?
    private var locks: AdvisoryLocks?
    private var engines: [AccountID: SyncEngine] = [:]
    private var loop: Task<Void, Never>?
    private let stopping = StopFlag()

    public init(databaseURL: String, configuration: SyncConfiguration, migrate: Bool = true, id: String? = nil) {
        self.databaseURL = databaseURL
        self.configuration = configuration
        self.migrate = migrate
        self.id =
            id ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Opens the registry, starts an engine for every registered account (migrating each unless
    /// `migrate` is false, which refuses a schema that is behind), takes a first share of the
    /// integrations and, with `coordinating`, keeps rebalancing every second.
    public func start(coordinating: Bool = true) async throws {
        let deployment = try await Deployment(databaseURL: databaseURL, migrate: migrate)
        self.deployment = deployment
        for account in try await deployment.accounts() {
            try await startEngine(for: account, in: deployment)
        }
        locks = try await AdvisoryLocks(databaseURL: databaseURL)
        await coordinate()
        Log.info(
            "worker started", ["worker": id, "accounts": String(engines.count), "database": deployment.redactedURL])
        if coordinating {
            loop = Task { [self] in
                while !stopping.isSet {
                    try? await Task.sleep(for: .seconds(Self.heartbeatSeconds))
                    if !stopping.isSet { await coordinate() }
                }
            }
        }
    }

    /// Stops every engine cooperatively (jobs in hand finish, none is cancelled mid-request), then
    /// releases the locks and leaves the registry, so the other workers take over at once.
    public func stop() async {
        stopping.set()
        await loop?.value
        for engine in engines.values { await engine.stop() }
        try? await locks?.unlockAll()
        locks = nil
        try? await deployment?.removeWorker(id)
        Log.info("worker stopped", ["worker": id, "accounts": String(engines.count)])
    }

    /// The accounts this process runs engines for.
    public var accounts: [AccountID] { engines.keys.sorted() }

    /// The engine of an account, once the worker has started it.
    public func engine(for account: AccountID) -> SyncEngine? { engines[account] }

    /// The integrations this process claims jobs of, by account.
    public var ownedIntegrations: [AccountID: Set<String>] { engines.mapValues { $0.ownership.owned } }

    /// The server process of the lock connection (tests break it to simulate a failure).
    public var lockConnectionPID: Int? { locks?.backendPID }

    /// One round: heartbeat, new accounts, the lock connection's health, then the fair share and
    /// the schedulers. The worker runs one every second; tests call it to step.
    public func coordinate() async {
        guard let deployment else { return }
        do {
            try await deployment.heartbeat(worker: id)
            for account in try await deployment.accounts() where engines[account] == nil {
                try await startEngine(for: account, in: deployment)
            }
        } catch {
            Log.error("worker registry unavailable", ["worker": id, "error": "\(error)"])
        }
        guard let locks = await healthyLocks() else { return }
        do {
            try await rebalance(deployment, locks)
            try await takeSchedulers(locks)
        } catch {
            Log.error("rebalancing failed", ["worker": id, "error": "\(error)"])
        }
    }

    // MARK: - Locks

    /// The lock connection, reopened when it failed. A failed connection took every lock with it,
    /// so nothing is claimed until the integrations are acquired again.
    private func healthyLocks() async -> AdvisoryLocks? {
        if let locks {
            do {
                try await locks.check()
                return locks
            } catch {
                // TODO: jobs already in hand keep running after the locks are lost; the new owner may run
                // them again. Each job is idempotent (order.route looks up external_order_id first), but
                // a lease checked before each channel call would close the gap.
                for engine in engines.values { engine.ownership.revokeAll() }
                self.locks = nil
                Log.error("lock connection lost; stopped claiming", ["worker": id, "error": "\(error)"])
            }
        }
        do {
            let reopened = try await AdvisoryLocks(databaseURL: databaseURL)
            locks = reopened
            return reopened
        } catch {
            Log.error("lock connection unavailable", ["worker": id, "error": "\(error)"])
            return nil
        }
    }

    // MARK: - Fair share

    private struct Owned: Hashable, Comparable {
        let account: AccountID
        let integration: String

        static func < (lhs: Owned, rhs: Owned) -> Bool {
            (lhs.account, lhs.integration) < (rhs.account, rhs.integration)
        }
    }

    private func rebalance(_ deployment: Deployment, _ locks: AdvisoryLocks) async throws {
        var all: [Owned] = []
        for (account, engine) in engines {
            all += try await engine.store.integrations().map { Owned(account: account, integration: $0.id) }
        }
        all.sort()
        let live = Set(try await deployment.liveWorkers(seenWithinSeconds: Self.liveWindowSeconds) + [id]).sorted()
        let position = live.firstIndex(of: id) ?? 0
        let target = all.count / live.count + (position < all.count % live.count ? 1 : 0)

        var owned = engines.flatMap { account, engine in
            engine.ownership.owned.map { Owned(account: account, integration: $0) }
        }.sorted()
        for surplus in owned.suffix(max(0, owned.count - target)) {
            engines[surplus.account]?.ownership.beginRelease(surplus.integration)
            Log.info(
                "releasing integration",
                ["worker": id, "account": "\(surplus.account)", "integration": surplus.integration])
        }
        owned = Array(owned.prefix(target))
        try await finishReleases(locks)

        guard owned.count < target, !all.isEmpty else { return }
        // Start at a different place per worker, so that workers starting together try different locks.
        let offset = Int(UInt32(bitPattern: AdvisoryLockKey.stableHash(id))) % all.count
        for candidate in Array(all[offset...]) + Array(all[..<offset]) where owned.count < target {
            guard let engine = engines[candidate.account], !owned.contains(candidate),
                !engine.ownership.releasing.contains(candidate.integration),
                try await locks.tryLock(lockKey(candidate, engine))
            else { continue }
            let requeued = try await engine.store.requeueInterruptedJobs(integration: candidate.integration)
            engine.ownership.grant(candidate.integration)
            owned.append(candidate)
            Log.info(
                "integration acquired",
                [
                    "worker": id, "account": "\(candidate.account)", "integration": candidate.integration,
                    "requeued": String(requeued),
                ])
        }
    }

    /// Unlocks the integrations being released whose jobs in hand have finished.
    private func finishReleases(_ locks: AdvisoryLocks) async throws {
        for (account, engine) in engines {
            for integration in engine.ownership.releasing where engine.ownership.isIdle(integration) {
                try await locks.unlock(lockKey(Owned(account: account, integration: integration), engine))
                engine.ownership.endRelease(integration)
                Log.info("integration released", ["worker": id, "account": "\(account)", "integration": integration])
            }
        }
    }

    /// Each account's periodic jobs are queued by one process: whoever holds its scheduler lock.
    private func takeSchedulers(_ locks: AdvisoryLocks) async throws {
        for (account, engine) in engines where !engine.ownership.isScheduling {
            if try await locks.tryLock(.scheduler(schema: schema(of: engine))) {
                engine.ownership.setScheduling(true)
                Log.info("scheduler acquired", ["worker": id, "account": "\(account)"])
            }
        }
    }

    private func lockKey(_ owned: Owned, _ engine: SyncEngine) -> AdvisoryLockKey {
        .integration(owned.integration, schema: schema(of: engine))
    }

    private func schema(of engine: SyncEngine) -> String {
        engine.store.database.schemaName ?? engine.store.account.rawValue
    }

    private func startEngine(for account: AccountID, in deployment: Deployment) async throws {
        let store = try await deployment.openStore(
            account: account, maximumConnections: min(configuration.workers + 1, 4), migrate: migrate)
        let engine = SyncEngine(store: store, configuration: configuration, ownership: .granted())
        try await engine.start()
        engines[account] = engine
        Log.info("account workers started", ["worker": id, "account": account.rawValue])
    }
}
