/// Where a marketplace order stands in the hub. States only move forward.
public enum OrderState: String, Sendable, Codable, CaseIterable {
    /// Held: by the catalogue import gate, or by a marketplace status such as Pending.
    case waiting
    /// Ready to be created in BigCommerce.
    case ready
    /// Needs the merchant: a SKU has no match, or BigCommerce refused the order.
    case blocked
    /// Created in BigCommerce as Awaiting Fulfillment.
    case routed
    case partiallyShipped = "partially_shipped"
    case shipped
    case cancelled

    /// Order of progress; a state never moves to one of lower rank.
    private var rank: Int {
        switch self {
        case .waiting, .ready, .blocked: 0
        case .routed: 1
        case .partiallyShipped: 2
        case .shipped: 3
        case .cancelled: 4
        }
    }

    /// True when moving from `self` to `next` is allowed: forward, or between the pre-routing states.
    public func canMove(to next: OrderState) -> Bool {
        if self == .cancelled { return next == .cancelled }
        return next.rank >= rank
    }

    /// True while the order holds stock that BigCommerce has not yet subtracted.
    public var reservesStock: Bool {
        switch self {
        case .waiting, .ready, .blocked: true
        default: false
        }
    }
}

/// How the hub treats a marketplace's own order status.
public enum MarketplaceOrderStatus: Sendable, Equatable {
    /// Not paid or not confirmed yet: keep, reserve nothing, do not route.
    case pending
    /// Unshipped or partially shipped: route to BigCommerce.
    case routable
    case shipped
    case cancelled

    /// Maps an Amazon `OrderStatus`.
    public static func amazon(_ status: String) -> MarketplaceOrderStatus {
        switch status {
        case "Unshipped", "PartiallyShipped": .routable
        case "Shipped", "InvoiceUnconfirmed": .shipped
        case "Canceled", "Unfulfillable": .cancelled
        default: .pending
        }
    }
}
