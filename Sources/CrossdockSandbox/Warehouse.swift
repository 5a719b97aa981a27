import Foundation

/// A simulated warehouse: ships every BigCommerce order that came from a marketplace some time
/// after it first sees the order, with Royal Mail tracking, exactly as the control API's ship call
/// does, so the same webhooks fire.
///
/// The warehouse has no clock of its own: whoever drives it passes the time, so the replay runs it
/// in data time and `Sandbox.startWarehouse` in real time. Handling times and split parcels are
/// derived from the order's marketplace id, so the same order is handled the same way on every run.
actor Warehouse {
    /// How the warehouse handles orders.
    struct Handling: Sendable {
        /// Seconds from first seeing an order (or shipping its first parcel) to shipping its next parcel.
        var delay: @Sendable (_ orderKey: String) -> TimeInterval
        /// Whether an order with more than one line goes out in two parcels.
        var splits: @Sendable (_ orderKey: String) -> Bool = { _ in false }
    }

    private let bigCommerce: BigCommerceAPI
    private var handling: Handling
    /// BigCommerce order id → when its next parcel is due.
    private var due: [Int: Date] = [:]
    private var scannedThroughOrderId = 0
    private var loop: Task<Void, Never>?

    init(bigCommerce: BigCommerceAPI, handling: Handling) {
        self.bigCommerce = bigCommerce
        self.handling = handling
    }

    /// Whether every order seen so far has been shipped.
    var isIdle: Bool { due.isEmpty }

    /// Schedules the orders created since the last call and ships the parcels due at `now`;
    /// returns when the next parcel is due, or nil when nothing is waiting.
    func tick(now: Date) async -> Date? {
        for order in await bigCommerce.store.orders(after: scannedThroughOrderId) {
            scannedThroughOrderId = max(scannedThroughOrderId, order.id)
            guard order.isFromMarketplace else { continue }
            due[order.id] = now.addingTimeInterval(handling.delay(Self.key(of: order)))
        }
        for (orderId, time) in due where time <= now {
            due[orderId] = await shipNextParcel(orderId: orderId, now: now)
        }
        return due.values.min()
    }

    /// Ships in real time until stopped, checking at least every `interval` seconds. Orders seen
    /// from now on are handled as `handling` says.
    func start(handling: Handling, interval: TimeInterval) {
        self.handling = handling
        guard loop == nil else { return }
        loop = Task { [self] in
            while !Task.isCancelled {
                let next = await tick(now: Date())
                let wait = min(interval, max(0.01, next.map { $0.timeIntervalSinceNow } ?? interval))
                try? await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
            }
        }
    }

    /// Stops the real-time loop; orders already seen stay scheduled.
    func stop() {
        loop?.cancel()
        loop = nil
    }

    /// The marketplace order id, or the BigCommerce id for an order without one.
    static func key(of order: StoreOrder) -> String {
        order.externalOrderId.flatMap { $0.isEmpty ? nil : $0 } ?? String(order.id)
    }

    /// Ships the next parcel of an order: everything left, or the first half of its lines when the
    /// order is split and nothing has shipped yet. Returns when the following parcel is due.
    private func shipNextParcel(orderId: Int, now: Date) async -> Date? {
        guard let order = await bigCommerce.store.order(id: orderId) else { return nil }
        let key = Self.key(of: order)
        let parcel = order.shipments.count + 1
        let unshipped = order.lines.filter { $0.quantity > $0.quantityShipped }
        var request = ShipmentRequest()
        // The first parcel keeps the tracking number the replay has always given, so demo data stays stable.
        request.trackingNumber =
            "RM" + StableHash.digits("tracking:" + key + (parcel == 1 ? "" : "/\(parcel)"), count: 9) + "GB"
        request.shippingProvider = "royalmail"
        let splitting = parcel == 1 && unshipped.count > 1 && handling.splits(key)
        if splitting {
            request.items = unshipped.prefix(unshipped.count / 2).map {
                ShipmentRequest.Item(orderProductId: $0.id, quantity: $0.quantity - $0.quantityShipped)
            }
        }
        if case .failure(let failure) = await bigCommerce.ship(orderId: orderId, request, shipEverythingByDefault: true)
        {
            SandboxLog.debug("warehouse skipped order", ["order": String(orderId), "reason": failure.message])
            return nil
        }
        return splitting ? now.addingTimeInterval(handling.delay(key + "/\(parcel + 1)")) : nil
    }
}
