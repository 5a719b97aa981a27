import Foundation

/// Replays the seed invoices as Amazon orders and runs a simulated warehouse that ships the
/// BigCommerce orders the hub creates.
///
/// Data time runs `speed` times faster than real time from the first invoice. Each invoice becomes
/// an Unshipped Amazon order when data time reaches it (dated now; the invoice time is kept for the
/// control view). Each BigCommerce order that came from a marketplace is shipped 2 to 30 hours of
/// data time after the warehouse first sees it, with Royal Mail, exactly as the control API's ship
/// call does, so the same webhooks fire.
actor Replay {
    /// How long the warehouse keeps working after the last invoice, in data time.
    private static let warehouseGrace: TimeInterval = 60 * 3600

    private let amazon: AmazonStore
    private var seed: [SeedOrder]?
    private var currency = "GBP"
    private var speed: Double = 0
    private var placed = 0
    private var anchorReal = Date()
    private var anchorData = Date()
    private var lastPlacementData: Date?
    private var task: Task<Void, Never>?
    /// Bumped by every start, so that a loop left over from before a stop and a restart ends quietly.
    private var generation = 0
    private var hasStarted = false
    private let warehouse: Warehouse

    init(amazon: AmazonStore, bigCommerce: BigCommerceAPI) {
        self.amazon = amazon
        warehouse = Warehouse(bigCommerce: bigCommerce, handling: Warehouse.Handling(delay: Self.warehouseDelay))
    }

    struct Status: Sendable {
        var running: Bool
        var speed: Double
        var placed: Int
        var total: Int
        var dataTime: Date?
    }

    func status() throws -> Status {
        let orders = try seedOrders()
        return Status(
            running: task != nil, speed: speed, placed: placed, total: orders.count,
            dataTime: hasStarted ? dataTime(at: Date()) : nil)
    }

    /// Starts the replay, resumes a stopped one, or changes the speed of a running one; data time
    /// stays continuous. A replay that has placed every invoice starts again from the first.
    func start(speed newSpeed: Double) throws {
        let orders = try seedOrders()
        guard newSpeed > 0 else { throw SandboxError(description: "the replay speed must be greater than 0") }
        let now = Date()
        if task == nil && (!hasStarted || placed >= orders.count) {
            placed = 0
            anchorData = orders.first.flatMap { SandboxDates.parseISO8601($0.placedAt) } ?? now
        } else {
            anchorData = dataTime(at: now)
        }
        anchorReal = now
        speed = newSpeed
        hasStarted = true
        SandboxLog.debug("replay started", ["speed": String(newSpeed), "placed": String(placed)])
        guard task == nil else { return }
        generation += 1
        let current = generation
        task = Task { await self.run(generation: current) }
    }

    /// Stops placing and shipping; data time stands still until the next start.
    func stop() {
        guard let running = task else { return }
        freeze()
        running.cancel()
    }

    private func freeze() {
        anchorData = dataTime(at: Date())
        anchorReal = Date()
        task = nil
    }

    private func seedOrders() throws -> [SeedOrder] {
        if let seed { return seed }
        let loaded = try SeedData.orders()
        seed = loaded.orders
        currency = loaded.currency
        return loaded.orders
    }

    private func dataTime(at now: Date) -> Date {
        guard task != nil else { return anchorData }
        return anchorData.addingTimeInterval(now.timeIntervalSince(anchorReal) * speed)
    }

    private func run(generation current: Int) async {
        while generation == current, !Task.isCancelled {
            guard let pause = await tick(), generation == current else { break }
            try? await Task.sleep(nanoseconds: UInt64(pause * 1_000_000_000))
        }
        if generation == current, task != nil { freeze() }
    }

    /// Places the invoices that are due, ships due orders; returns the real seconds to sleep, or nil when done.
    private func tick() async -> TimeInterval? {
        let orders = seed ?? []
        let now = dataTime(at: Date())

        while placed < orders.count, let time = SandboxDates.parseISO8601(orders[placed].placedAt), time <= now {
            await place(orders[placed])
            lastPlacementData = time
            placed += 1
        }

        let nextShipment = await warehouse.tick(now: now)

        let nextPlacement = placed < orders.count ? SandboxDates.parseISO8601(orders[placed].placedAt) : nil
        if nextPlacement == nil, nextShipment == nil,
            now.timeIntervalSince(lastPlacementData ?? now) > Self.warehouseGrace
        {
            return nil
        }
        let nextEvent = [nextPlacement, nextShipment].compactMap { $0 }.min()
        let wait = nextEvent.map { $0.timeIntervalSince(now) / speed } ?? 1
        return min(1, max(0.05, wait))
    }

    private func place(_ invoice: SeedOrder) async {
        let placement = AmazonOrderPlacement(invoice: invoice, currency: currency)
        if case .success(let order) = await amazon.place(placement, now: Date()) {
            SandboxLog.debug("replay order placed", ["channel": "amazon", "order": order.amazonOrderId])
        }
    }

    /// 2 to 30 hours of data time, the same for the same order on every run.
    static func warehouseDelay(for order: StoreOrder) -> TimeInterval {
        warehouseDelay(orderKey: Warehouse.key(of: order))
    }

    @Sendable static func warehouseDelay(orderKey: String) -> TimeInterval {
        2 * 3600 + TimeInterval(StableHash.of("warehouse:" + orderKey) % (28 * 3600))
    }
}

extension AmazonOrderPlacement {
    /// A seed invoice as an Unshipped Amazon order, dated when it is placed; the invoice is kept for the control view.
    init(invoice: SeedOrder, currency: String) {
        self.init(
            amazonOrderId: AmazonIdentifiers.orderId(invoice: invoice.invoice), status: .unshipped, purchaseDate: nil,
            currency: currency, buyer: invoice.buyer, lines: invoice.lines, invoice: invoice.invoice,
            invoicePlacedAt: invoice.placedAt)
    }
}
