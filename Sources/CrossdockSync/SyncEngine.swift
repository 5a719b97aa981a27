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
    /// Catalogue pages requested at once during the import.
    public var catalogPagesInFlight = 4
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
}

/// Runs the durable jobs of every flow: catalogue import, order import and routing, inventory,
/// tracking. Every effect on a channel is a job, retried with backoff and visible when it fails.
public final class SyncEngine: Sendable {
    public let store: Store
    public let configuration: SyncConfiguration
    let channels: Channels
    private let workers = TaskList()
    private let scheduler = TaskList()
    /// Set by `stop()`: workers finish the job in hand and exit.
    let stopping = StopFlag()

    public init(store: Store, configuration: SyncConfiguration = SyncConfiguration()) {
        self.store = store
        self.configuration = configuration
        channels = Channels(
            amazonPlans: configuration.amazonUsagePlans, bigCommerceQuotaShare: configuration.bigCommerceQuotaShare)
    }

    /// Starts the workers and the scheduler.
    public func start() async throws {
        try await store.requeueInterruptedJobs()
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
            do {
                if let job = try await store.claimJob(excluding: try await heldKinds()) {
                    await run(job)
                    continue
                }
            } catch {
                Log.error("job queue unavailable", ["error": "\(error)"])
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
        case JobKind.trackingSend: try await sendTracking(shipmentID: Int(job.key) ?? 0)
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

    private func schedule() async {
        var lastOrdersPoll = Date.distantPast
        var lastShipmentsPoll = Date()
        var lastCatalogPoll = Date()
        var lastReconcile = Date.distantPast
        while !Task.isCancelled {
            let now = Date()
            if now.timeIntervalSince(lastOrdersPoll) >= configuration.ordersPollSeconds {
                lastOrdersPoll = now
                for integration in (try? await store.integrations()) ?? [] where integration.settings.importOrders {
                    let kind = integration.channel == .bigcommerce ? JobKind.bigCommerceOrdersPoll : JobKind.ordersPoll
                    try? await store.enqueue(kind: kind, key: integration.id)
                }
            }
            if now.timeIntervalSince(lastCatalogPoll) >= configuration.catalogPollSeconds {
                lastCatalogPoll = now
                if let integration = try? await store.integration(channel: .bigcommerce) {
                    try? await store.enqueue(kind: JobKind.catalogPoll, key: integration.id)
                }
            }
            if now.timeIntervalSince(lastReconcile) >= configuration.reconcileSeconds {
                lastReconcile = now
                for integration in (try? await store.integrations()) ?? []
                where integration.channel != .bigcommerce && integration.settings.exportQuantities {
                    try? await store.enqueue(kind: JobKind.inventoryReconcile, key: integration.id)
                }
            }
            if now.timeIntervalSince(lastShipmentsPoll) >= configuration.shipmentsPollSeconds {
                lastShipmentsPoll = now
                try? await store.enqueue(kind: JobKind.shipmentsPoll, key: "all")
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
