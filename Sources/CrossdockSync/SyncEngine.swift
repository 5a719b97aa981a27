import CrossdockConnectors
import CrossdockDomain
import CrossdockStore
import Foundation
import Synchronization

/// Settings of the sync engine.
public struct SyncConfiguration: Sendable {
    /// Jobs run at once; channel rate limits still pace each integration.
    public var workers = 4
    /// How often each marketplace is asked for new and changed orders.
    public var ordersPollSeconds: Double = 60
    /// How often BigCommerce is asked for products modified since the last poll.
    public var catalogPollSeconds: Double = 300
    /// Products per catalogue page; BigCommerce allows at most 250.
    public var catalogPageSize = BigCommerceClient.maximumPageSize
    /// Catalogue pages requested at once during the import: enough to keep both cores of a small
    /// machine decoding while pages are stored; the rate limiter keeps them within the quota.
    public var catalogPagesInFlight = 8
    /// How often every marketplace listing's quantity is compared with the computed one; the first
    /// comparison runs at start.
    public var reconcileSeconds: Double = 86_400
    /// How often routed orders are checked for shipments a lost webhook did not announce.
    public var shipmentsPollSeconds: Double = 300
    /// How long an idle worker sleeps before looking for due jobs again.
    public var idleMilliseconds = 200
    /// A failing job is retried with backoff up to this many attempts, then shown as failed.
    public var maximumAttempts = 8
    /// The fraction of the BigCommerce store's request quota the hub may use; the rest is left to
    /// the merchant's other apps, which share the same quota.
    public var bigCommerceQuotaShare: Double = 1
    /// Amazon usage plans (rate per second, burst) by operation.
    public var amazonUsagePlans = AmazonClient.usagePlans

    public init() {}

    /// The same settings on a clock `timeScale` times faster, for benchmarks and tests against a
    /// sandbox started with the same `rateLimitTimeScale`: the periodic intervals (orders,
    /// catalogue, shipments, reconciliation) are divided by it and the Amazon usage-plan rates
    /// multiplied (bursts stay). BigCommerce pacing follows the sandbox's own headers.
    public func scaled(by timeScale: Double) -> SyncConfiguration {
        guard timeScale > 0, timeScale != 1 else { return self }
        var scaled = self
        scaled.ordersPollSeconds /= timeScale
        scaled.catalogPollSeconds /= timeScale
        scaled.shipmentsPollSeconds /= timeScale
        scaled.reconcileSeconds /= timeScale
        scaled.amazonUsagePlans = amazonUsagePlans.mapValues { (rate: $0.rate * timeScale, burst: $0.burst) }
        return scaled
    }
}

/// Runs the durable jobs of every flow: catalogue import, order import and routing, inventory,
/// tracking. Every effect on a channel is a job, retried with backoff and visible when it fails.
public final class SyncEngine: Sendable {
    public let store: Store
    public let configuration: SyncConfiguration
    /// Which integrations' jobs this engine claims, and whether it runs the scheduler.
    public let ownership: JobOwnership
    let channels: Channels
    private let workers = TaskList()
    private let scheduler = TaskList()
    /// Set by `stop()`: workers finish the job in hand and exit.
    let stopping = StopFlag()

    /// An engine for one account's store. By default it owns every integration and runs the
    /// scheduler, as the single process of an SQLite hub does; a `ClusterWorker` passes
    /// `.granted()` and grants integrations as its process acquires their locks.
    public init(
        store: Store, configuration: SyncConfiguration = SyncConfiguration(),
        ownership: JobOwnership = .everything()
    ) {
        self.store = store
        self.configuration = configuration
        self.ownership = ownership
        channels = Channels(
            amazonPlans: configuration.amazonUsagePlans, bigCommerceQuotaShare: configuration.bigCommerceQuotaShare)
    }

    /// Starts the workers and the scheduler.
    public func start() async throws {
        // An owner of everything (one process on SQLite) knows that whatever is running was left by a
        // process that died. A cluster worker requeues an integration's jobs when it takes it over.
        if ownership.ownsEverything { try await store.requeueInterruptedJobs() }
        for index in 0..<configuration.workers {
            await workers.add(Task { [self] in await work(worker: index) })
        }
        await scheduler.add(Task { [self] in await schedule() })
        Log.info("sync engine started", ["workers": String(configuration.workers)])
    }

    /// Stops taking jobs and waits for the jobs in hand to finish. Workers are not cancelled: a
    /// request cancelled in flight can deadlock URLSession in this toolchain's Foundation
    /// (swift-corelibs-foundation issue 5412), and a finished job leaves nothing half done.
    public func stop() async {
        stopping.set()
        await scheduler.cancelAll()
        await workers.waitAll()
    }

    /// Runs due jobs until none is left (tests and benchmarks use it to settle).
    public func runUntilIdle(timeoutSeconds: Double = 60) async throws {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            guard let job = try await store.claimJob(excluding: try await heldKinds()) else { return }
            await run(job)
        }
    }

    private func work(worker: Int) async {
        while !stopping.isSet {
            if let claim = ownership.beginClaim() {
                var taken: Job?
                do {
                    taken = try await store.claimJob(excluding: try await heldKinds(), integrations: claim.integrations)
                } catch {
                    Log.error("job queue unavailable", ["error": "\(error)"])
                }
                ownership.endClaim(claim, took: taken?.integrationID)
                if let job = taken {
                    await run(job)
                    ownership.finished(claim, integration: job.integrationID)
                    continue
                }
            }
            try? await Task.sleep(for: .milliseconds(configuration.idleMilliseconds))
        }
    }

    /// Outbound kinds held back until the catalogue import completes.
    private func heldKinds() async throws -> Set<String> {
        try await store.catalogImport().state == .complete ? [] : JobKind.gatedByImport
    }

    func run(_ job: Job) async {
        do {
            try await perform(job)
            try await store.completeJob(job)
        } catch is JobInterrupted {
            // Not a failure: the job stopped at a safe point and continues from there next time.
            try? await store.retryJob(job, error: "interrupted by shutdown", delayMilliseconds: 0)
        } catch {
            let retryable = (error as? ChannelError)?.isRetryable ?? !(error is SyncError)
            let message = "\(error)"
            Log.error(
                "job failed", ["job": job.kind, "key": job.key, "attempt": String(job.attempts), "error": message])
            let attempts = retryable ? job.attempts : configuration.maximumAttempts
            let delay = Int64(Backoff.delayMilliseconds(attempt: min(attempts, configuration.maximumAttempts)))
            // Never give up silently: after the last attempt the job waits long and keeps its error.
            try? await store.retryJob(
                job, error: message, delayMilliseconds: attempts >= configuration.maximumAttempts ? 600_000 : delay)
            await recordFailure(of: job, message: message)
        }
    }

    private func perform(_ job: Job) async throws {
        switch job.kind {
        case JobKind.catalogImport: try await importCatalogPage(integrationID: job.key)
        case JobKind.productRefresh: try await refreshProduct(job)
        case JobKind.catalogPoll: try await pollCatalogChanges(integrationID: job.key)
        case JobKind.listingsImport: try await importListings(integrationID: job.key)
        case JobKind.ordersPoll: try await pollOrders(integrationID: job.key)
        case JobKind.orderRoute: try await routeOrder(id: Int(job.key) ?? 0)
        case JobKind.orderCancel: try await cancelOrder(id: Int(job.key) ?? 0)
        case JobKind.bigCommerceOrdersPoll: try await pollBigCommerceOrders()
        case JobKind.bigCommerceOrderRefresh: try await refreshBigCommerceOrder(id: Int(job.key) ?? 0)
        case JobKind.inventoryPush: try await pushQuantity(job)
        case JobKind.inventoryReconcile: try await reconcile(integrationID: job.key)
        case JobKind.shipmentFetch: try await fetchShipment(job)
        case JobKind.shipmentsPoll: try await pollShipments()
        case JobKind.trackingSend: try await sendTracking(shipmentID: Int(job.key) ?? 0, attempt: job.attempts)
        default: Log.error("unknown job kind dropped", ["job": job.kind])
        }
    }

    /// Shows a job's failure where the merchant looks for it.
    private func recordFailure(of job: Job, message: String) async {
        switch job.kind {
        case JobKind.trackingSend:
            try? await store.recordShipmentFailed(id: Int(job.key) ?? 0, error: message)
        case JobKind.catalogImport, JobKind.catalogPoll, JobKind.ordersPoll, JobKind.listingsImport:
            try? await store.setLastError(message, integrationID: job.key)
        default:
            break
        }
    }

    /// Queues the periodic jobs of the account while this engine holds its schedule.
    ///
    /// Every poll runs as soon as a scheduler starts, then at its interval: a process that took over
    /// an account's schedule (its previous owner died) catches up at once, and a scheduler restarted
    /// more often than an interval still polls. Queued polls coalesce, so a restart adds no work.
    private func schedule() async {
        var lastOrdersPoll = Date.distantPast
        var lastShipmentsPoll = Date.distantPast
        var lastCatalogPoll = Date.distantPast
        var lastReconcile = Date.distantPast
        while !Task.isCancelled {
            // Only one process of a cluster runs an account's schedule; the others wait their turn.
            guard ownership.isScheduling else {
                try? await Task.sleep(for: .milliseconds(500))
                continue
            }
            let now = Date()
            if now.timeIntervalSince(lastOrdersPoll) >= configuration.ordersPollSeconds {
                lastOrdersPoll = now
                for integration in (try? await store.integrations()) ?? [] where integration.settings.importOrders {
                    let kind = integration.channel == .bigcommerce ? JobKind.bigCommerceOrdersPoll : JobKind.ordersPoll
                    try? await store.enqueue(kind: kind, key: integration.id, integration: integration.id)
                }
            }
            if now.timeIntervalSince(lastCatalogPoll) >= configuration.catalogPollSeconds {
                lastCatalogPoll = now
                if let integration = try? await store.integration(channel: .bigcommerce) {
                    try? await store.enqueue(
                        kind: JobKind.catalogPoll, key: integration.id, integration: integration.id)
                }
            }
            if now.timeIntervalSince(lastReconcile) >= configuration.reconcileSeconds {
                lastReconcile = now
                for integration in (try? await store.integrations()) ?? []
                where integration.channel != .bigcommerce && integration.settings.exportQuantities {
                    try? await store.enqueue(
                        kind: JobKind.inventoryReconcile, key: integration.id, integration: integration.id)
                }
            }
            if now.timeIntervalSince(lastShipmentsPoll) >= configuration.shipmentsPollSeconds {
                lastShipmentsPoll = now
                if let bigCommerce = try? await store.integration(channel: .bigcommerce) {
                    try? await store.enqueue(kind: JobKind.shipmentsPoll, key: "all", integration: bigCommerce.id)
                }
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    func bigCommerceIntegration() async throws -> Integration {
        guard let integration = try await store.integration(channel: .bigcommerce) else {
            throw SyncError.configuration("BigCommerce is not connected.")
        }
        return integration
    }
}

/// The engine's running tasks.
actor TaskList {
    private var tasks: [Task<Void, Never>] = []

    func add(_ task: Task<Void, Never>) { tasks.append(task) }

    func cancelAll() {
        for task in tasks { task.cancel() }
        tasks = []
    }

    func waitAll() async {
        let running = tasks
        tasks = []
        for task in running { await task.value }
    }
}

/// Thrown by a long job that stops at a safe point because the engine is stopping.
struct JobInterrupted: Error {}

/// A flag set once, readable from any thread.
final class StopFlag: Sendable {
    private let state = Mutex(false)

    var isSet: Bool { state.withLock { $0 } }

    func set() { state.withLock { $0 = true } }
}
