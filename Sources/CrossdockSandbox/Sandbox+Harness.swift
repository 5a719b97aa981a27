import Foundation

/// The Online Retail invoices of the demo seed, loaded once so that a harness can place them one by
/// one as Amazon orders on several sandboxes.
public struct SeedInvoices: Sendable {
    let currency: String
    let orders: [SeedOrder]

    /// Invoices available.
    public var count: Int { orders.count }

    /// Reads the invoices bundled with the sandbox (the replay's seed orders).
    public static func load() throws -> SeedInvoices {
        let loaded = try SeedData.orders()
        return SeedInvoices(currency: loaded.currency, orders: loaded.orders)
    }

    /// The number of lines of invoice `index`.
    public func lineCount(of index: Int) -> Int { orders[index].lines.count }
}

/// How the warehouse a harness starts handles orders in real time.
///
/// - `handlingSeconds`: each parcel leaves this long after the warehouse first sees the order (or
///   after its first parcel), drawn per order from the range.
/// - `splitShare`: the share of orders with more than one line that go out in two parcels.
/// - `seed`: varies handling times and splits between runs; the same seed gives the same ones.
public struct WarehouseSchedule: Sendable {
    public var handlingSeconds: ClosedRange<Double> = 1...5
    public var splitShare: Double = 0.25
    public var seed: UInt64 = 0

    public init() {}

    var handling: Warehouse.Handling {
        let range = handlingSeconds
        let share = splitShare
        let seed = seed
        let fraction = { @Sendable (text: String) -> Double in
            Double(StableHash.of("warehouse:\(seed):" + text) % 1_000_000) / 1_000_000
        }
        return Warehouse.Handling(
            delay: { key in range.lowerBound + (range.upperBound - range.lowerBound) * fraction("delay:" + key) },
            splits: { key in fraction("split:" + key) < share })
    }
}

extension Sandbox {
    /// Places invoice `index` as an Unshipped Amazon order, as the replay does, and returns the
    /// Amazon order id.
    public func placeAmazonOrder(invoice index: Int, of invoices: SeedInvoices) async throws -> String {
        guard invoices.orders.indices.contains(index) else {
            throw SandboxError(description: "there is no invoice \(index); the seed has \(invoices.count)")
        }
        let placement = AmazonOrderPlacement(invoice: invoices.orders[index], currency: invoices.currency)
        switch await amazon.store.place(placement, now: Date()) {
        case .success(let order): return order.amazonOrderId
        case .failure(let failure): throw SandboxError(description: "Amazon refused the order: \(failure.message)")
        }
    }

    /// Starts shipping, in real time, every BigCommerce order that came from a marketplace, as
    /// `schedule` says; `stop()` stops it.
    public func startWarehouse(_ schedule: WarehouseSchedule) async {
        await warehouse.start(handling: schedule.handling, interval: 0.25)
    }

    /// Whether the warehouse has shipped every marketplace order it has seen.
    public func warehouseIsIdle() async -> Bool {
        await warehouse.isIdle
    }

    /// The channels' truth about routing and tracking, read directly from the emulators.
    public func routingAudit() async -> RoutingAudit {
        let amazonOrders = await amazon.store.allOrders()
        let bigCommerceOrders = await bigCommerce.store.allOrders()
        return RoutingAudit(amazonOrders: amazonOrders, bigCommerceOrders: bigCommerceOrders)
    }
}
