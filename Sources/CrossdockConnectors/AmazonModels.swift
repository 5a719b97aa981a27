import Foundation

/// SP-API `Money`: a currency and a decimal string amount.
public struct AmazonMoney: Sendable, Codable {
    public var currencyCode: String
    public var amount: String

    enum CodingKeys: String, CodingKey {
        case currencyCode = "CurrencyCode"
        case amount = "Amount"
    }
}

/// An order from getOrders (Orders API v0).
public struct AmazonOrder: Sendable, Decodable {
    public struct Address: Sendable, Decodable {
        public var name: String?
        public var addressLine1: String?
        public var addressLine2: String?
        public var city: String?
        public var stateOrRegion: String?
        public var postalCode: String?
        public var countryCode: String?
        public var phone: String?

        enum CodingKeys: String, CodingKey {
            case name = "Name"
            case addressLine1 = "AddressLine1"
            case addressLine2 = "AddressLine2"
            case city = "City"
            case stateOrRegion = "StateOrRegion"
            case postalCode = "PostalCode"
            case countryCode = "CountryCode"
            case phone = "Phone"
        }
    }

    public struct Buyer: Sendable, Decodable {
        public var buyerEmail: String?
        enum CodingKeys: String, CodingKey { case buyerEmail = "BuyerEmail" }
    }

    public var amazonOrderID: String
    public var purchaseDate: String
    public var lastUpdateDate: String
    public var orderStatus: String
    public var fulfillmentChannel: String?
    public var orderTotal: AmazonMoney?
    public var shippingAddress: Address?
    public var buyerInfo: Buyer?

    enum CodingKeys: String, CodingKey {
        case amazonOrderID = "AmazonOrderId"
        case purchaseDate = "PurchaseDate"
        case lastUpdateDate = "LastUpdateDate"
        case orderStatus = "OrderStatus"
        case fulfillmentChannel = "FulfillmentChannel"
        case orderTotal = "OrderTotal"
        case shippingAddress = "ShippingAddress"
        case buyerInfo = "BuyerInfo"
    }
}

public struct AmazonOrderItem: Sendable, Decodable {
    public var orderItemID: String
    public var sellerSKU: String?
    public var title: String?
    public var quantityOrdered: Int
    public var quantityShipped: Int?
    public var itemPrice: AmazonMoney?

    enum CodingKeys: String, CodingKey {
        case orderItemID = "OrderItemId"
        case sellerSKU = "SellerSKU"
        case title = "Title"
        case quantityOrdered = "QuantityOrdered"
        case quantityShipped = "QuantityShipped"
        case itemPrice = "ItemPrice"
    }
}

/// A listing from searchListingsItems.
public struct AmazonListing: Sendable, Decodable {
    public struct Availability: Sendable, Decodable {
        public var fulfillmentChannelCode: String?
        public var quantity: Int?
    }
    public var sku: String
    public var fulfillmentAvailability: [Availability]?

    /// The merchant-fulfilled quantity, if the listing has one.
    public var quantity: Int? {
        fulfillmentAvailability?.first { $0.fulfillmentChannelCode == "DEFAULT" }?.quantity
    }
}

struct AmazonPayload<Payload: Decodable & Sendable>: Decodable, Sendable {
    var payload: Payload
}

struct AmazonOrdersPage: Decodable, Sendable {
    var orders: [AmazonOrder]
    var nextToken: String?
    enum CodingKeys: String, CodingKey {
        case orders = "Orders"
        case nextToken = "NextToken"
    }
}

struct AmazonOrderItemsPage: Decodable, Sendable {
    var orderItems: [AmazonOrderItem]
    var nextToken: String?
    enum CodingKeys: String, CodingKey {
        case orderItems = "OrderItems"
        case nextToken = "NextToken"
    }
}

struct AmazonListingsPage: Decodable, Sendable {
    struct Pagination: Decodable, Sendable { var nextToken: String? }
    var items: [AmazonListing]
    var pagination: Pagination?
}

struct AmazonToken: Decodable, Sendable {
    var accessToken: String
    var expiresIn: Int
    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case expiresIn = "expires_in"
    }
}
