/// A postal address. Buyer data: stored for routing, never logged.
public struct PostalAddress: Sendable, Codable, Equatable {
    public var name: String
    public var line1: String
    public var line2: String?
    public var city: String
    public var region: String?
    public var postalCode: String
    public var countryCode: String
    public var phone: String?
    public var email: String?

    public init(
        name: String, line1: String, line2: String? = nil, city: String, region: String? = nil, postalCode: String,
        countryCode: String, phone: String? = nil, email: String? = nil
    ) {
        self.name = name
        self.line1 = line1
        self.line2 = line2
        self.city = city
        self.region = region
        self.postalCode = postalCode
        self.countryCode = countryCode
        self.phone = phone
        self.email = email
    }
}

/// One line of a marketplace order.
public struct OrderLine: Sendable, Codable, Equatable {
    /// The marketplace's id for the line (Amazon OrderItemId).
    public var lineID: String
    public var sku: SKU
    public var title: String?
    public var quantity: Int
    public var quantityShipped: Int
    /// The line's total as the marketplace states it.
    public var lineTotal: Money?
    /// BigCommerce's order product id once the order is routed.
    public var bigCommerceOrderProductID: Int?

    public init(
        lineID: String, sku: SKU, title: String?, quantity: Int, quantityShipped: Int = 0, lineTotal: Money?,
        bigCommerceOrderProductID: Int? = nil
    ) {
        self.lineID = lineID
        self.sku = sku
        self.title = title
        self.quantity = quantity
        self.quantityShipped = quantityShipped
        self.lineTotal = lineTotal
        self.bigCommerceOrderProductID = bigCommerceOrderProductID
    }
}

extension SKU: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// A marketplace order as imported by the hub.
public struct MarketplaceOrder: Sendable, Equatable {
    public var integrationID: String
    public var marketplaceOrderID: String
    /// The marketplace's own status word (Amazon `Unshipped`, `Pending`…).
    public var marketplaceStatus: String
    /// ISO 8601 in UTC.
    public var purchasedAt: String?
    public var total: Money?
    public var shippingAddress: PostalAddress?
    public var lines: [OrderLine]

    public init(
        integrationID: String, marketplaceOrderID: String, marketplaceStatus: String, purchasedAt: String?,
        total: Money?, shippingAddress: PostalAddress?, lines: [OrderLine]
    ) {
        self.integrationID = integrationID
        self.marketplaceOrderID = marketplaceOrderID
        self.marketplaceStatus = marketplaceStatus
        self.purchasedAt = purchasedAt
        self.total = total
        self.shippingAddress = shippingAddress
        self.lines = lines
    }
}

/// A marketplace order with the hub's view of it.
public struct OrderRecord: Sendable, Equatable {
    public var id: Int
    public var order: MarketplaceOrder
    public var state: OrderState
    /// Why the order waits or is blocked, in a sentence for the merchant.
    public var reason: String?
    public var bigCommerceOrderID: Int?
    public var trackingNumbers: [String]

    public init(
        id: Int, order: MarketplaceOrder, state: OrderState, reason: String?, bigCommerceOrderID: Int?,
        trackingNumbers: [String]
    ) {
        self.id = id
        self.order = order
        self.state = state
        self.reason = reason
        self.bigCommerceOrderID = bigCommerceOrderID
        self.trackingNumbers = trackingNumbers
    }
}
