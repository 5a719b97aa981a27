import Foundation

/// What the channels hold after a hub routed marketplace orders into BigCommerce and sent the
/// warehouse's tracking back: the truth a crash harness checks its invariants against.
///
/// A BigCommerce order belongs to the Amazon order whose id is its `external_order_id`. A
/// shipment's tracking reached Amazon when the Amazon order holds a confirmation with the same
/// tracking number and the same number of units.
public struct RoutingAudit: Sendable, Equatable {
    /// Amazon orders placed.
    public var marketplaceOrders = 0
    /// Amazon orders with at least one BigCommerce order.
    public var routed = 0
    /// Amazon orders with more than one BigCommerce order, by Amazon order id.
    public var duplicated: [String] = []
    /// Amazon orders with no BigCommerce order, by Amazon order id.
    public var lost: [String] = []
    /// BigCommerce orders of marketplace orders with units the warehouse has not shipped yet.
    public var awaitingShipment = 0
    /// BigCommerce orders of marketplace orders with at least one shipment.
    public var shippedOrders = 0
    /// BigCommerce shipments of marketplace orders.
    public var shipments = 0
    /// Shipped BigCommerce orders with a shipment whose tracking is not on the Amazon order.
    public var trackingMissing: [TrackingGap] = []
    /// BigCommerce orders whose `external_order_id` names no Amazon order.
    public var unknownExternalOrders = 0

    public init() {}

    /// A shipped BigCommerce order whose tracking did not (yet) reach Amazon.
    public struct TrackingGap: Sendable, Equatable, CustomStringConvertible {
        public var bigCommerceOrderId: Int
        public var amazonOrderId: String

        public var description: String { "\(bigCommerceOrderId) (\(amazonOrderId))" }
    }

    /// Whether nothing is left to route, ship or confirm, duplicates aside: a duplicate stays a
    /// duplicate, and the units of a second copy cannot be confirmed on Amazon again.
    public var isSettled: Bool {
        let duplicates = Set(duplicated)
        return lost.isEmpty && awaitingShipment == 0
            && trackingMissing.allSatisfy { duplicates.contains($0.amazonOrderId) }
    }

    init(amazonOrders: [AmazonOrder], bigCommerceOrders: [StoreOrder]) {
        marketplaceOrders = amazonOrders.count
        let byAmazonId = Dictionary(
            amazonOrders.map { ($0.amazonOrderId, $0) }, uniquingKeysWith: { first, _ in first })
        var copies: [String: Int] = [:]
        for order in bigCommerceOrders {
            guard let externalId = order.externalOrderId, !externalId.isEmpty else { continue }
            guard let amazonOrder = byAmazonId[externalId] else {
                unknownExternalOrders += 1
                continue
            }
            copies[externalId, default: 0] += 1
            if order.itemsShipped < order.itemsTotal { awaitingShipment += 1 }
            guard !order.shipments.isEmpty else { continue }
            shippedOrders += 1
            shipments += order.shipments.count
            if !order.shipments.allSatisfy({ Self.isConfirmed($0, on: amazonOrder) }) {
                trackingMissing.append(TrackingGap(bigCommerceOrderId: order.id, amazonOrderId: externalId))
            }
        }
        routed = copies.count
        duplicated = copies.filter { $0.value > 1 }.keys.sorted()
        lost = amazonOrders.map(\.amazonOrderId).filter { copies[$0] == nil }
    }

    private static func isConfirmed(_ shipment: OrderShipment, on order: AmazonOrder) -> Bool {
        let units = shipment.items.reduce(0) { $0 + $1.quantity }
        return order.confirmations.contains { confirmation in
            confirmation.trackingNumber == shipment.trackingNumber
                && confirmation.items.reduce(0) { $0 + $1.quantity } == units
        }
    }
}
