import CrossdockHTTP
import Foundation

/// A money field of a v2 request: BigCommerce takes a float, a float as a string, or an integer.
struct LooseDecimal: Decodable, Sendable {
    let value: Decimal

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Decimal.self) {
            value = number
        } else if let text = try? container.decode(String.self), let number = Decimal(string: text) {
            value = number
        } else {
            throw DecodingError.typeMismatch(
                Decimal.self, .init(codingPath: decoder.codingPath, debugDescription: "not an amount"))
        }
    }
}

/// Body of `POST /v2/orders` (createOrder), the fields the sandbox reads.
struct OrderRequest: Decodable, Sendable {
    var products: [OrderRequestLine]?
    var billingAddress: OrderAddress?
    var shippingAddresses: [ShippingAddressRequest]?
    var statusId: Int?
    var customerId: Int?
    var externalSource: String?
    var externalOrderId: String?
    var currencyCode: String?
    var defaultCurrencyCode: String?
    var dateCreated: String?
    var shippingCostExTax: LooseDecimal?
    var shippingCostIncTax: LooseDecimal?
    /// Overrides of the computed amounts; each comes in an ex/inc tax pair.
    var subtotalExTax: LooseDecimal?
    var subtotalIncTax: LooseDecimal?
    var totalExTax: LooseDecimal?
    var totalIncTax: LooseDecimal?
    var customerMessage: String?
    var staffNotes: String?
}

/// A catalogue line (`product_id` with `variant_id` or `product_options`) or a custom line (`name`, prices).
struct OrderRequestLine: Decodable, Sendable {
    var productId: Int?
    var variantId: Int?
    var productOptions: [OrderRequestOption]?
    var quantity: Int?
    var priceIncTax: LooseDecimal?
    var priceExTax: LooseDecimal?
    var name: String?
    var sku: String?
}

/// An option choice of a line: the option id and the chosen option value id (sent as a string or a number).
struct OrderRequestOption: Decodable, Sendable {
    var id: Int
    var value: JSONValue

    var valueId: Int? { value.intValue ?? value.stringValue.flatMap { Int($0) } }
}

struct ShippingAddressRequest: Decodable, Sendable {
    var address: OrderAddress
    var shippingMethod: String?

    private enum CodingKeys: String, CodingKey {
        case shippingMethod
    }

    init(address: OrderAddress, shippingMethod: String? = nil) {
        self.address = address
        self.shippingMethod = shippingMethod
    }

    init(from decoder: Decoder) throws {
        address = try OrderAddress(from: decoder)
        shippingMethod = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(
            String.self, forKey: .shippingMethod)
    }
}

/// Body of `PUT /v2/orders/{id}`: the fields the sandbox lets a client change.
struct OrderUpdateRequest: Decodable, Sendable {
    var statusId: Int?
    var externalOrderId: String?
    var staffNotes: String?
    var customerMessage: String?
}

/// Body of `POST /v2/orders/{id}/shipments`, also used by the control API's ship call.
struct ShipmentRequest: Decodable, Sendable {
    struct Item: Decodable, Sendable {
        var orderProductId: Int
        var quantity: Int
    }

    var orderAddressId: Int?
    var items: [Item]?
    var trackingNumber: String?
    var shippingProvider: String?
    var trackingCarrier: String?
    var trackingLink: String?
    var shippingMethod: String?
    var comments: String?
}

/// Filters, sort and page of `GET /v2/orders`.
struct OrderQuery: Sendable {
    var externalOrderId: String?
    var statusId: Int?
    var customerId: Int?
    var minId: Int?
    var maxId: Int?
    var minDateCreated: Date?
    var maxDateCreated: Date?
    var minDateModified: Date?
    var maxDateModified: Date?
    var sort = "id"
    var descending = false
    var page = 1
    var limit = 50

    func matches(_ order: StoreOrder) -> Bool {
        if let externalOrderId, order.externalOrderId != externalOrderId { return false }
        if let statusId, order.statusId != statusId { return false }
        if let customerId, order.customerId != customerId { return false }
        if let minId, order.id < minId { return false }
        if let maxId, order.id > maxId { return false }
        if let minDateCreated, order.dateCreated < minDateCreated { return false }
        if let maxDateCreated, order.dateCreated > maxDateCreated { return false }
        if let minDateModified, order.dateModified < minDateModified { return false }
        if let maxDateModified, order.dateModified > maxDateModified { return false }
        return true
    }

    func precedes(_ first: StoreOrder, _ second: StoreOrder) -> Bool {
        let ascending: Bool
        switch sort {
        case "date_created" where first.dateCreated != second.dateCreated:
            ascending = first.dateCreated < second.dateCreated
        case "date_modified" where first.dateModified != second.dateModified:
            ascending = first.dateModified < second.dateModified
        case "status_id" where first.statusId != second.statusId: ascending = first.statusId < second.statusId
        case "customer_id" where first.customerId != second.customerId:
            ascending = first.customerId < second.customerId
        default: ascending = first.id < second.id
        }
        return descending ? !ascending && first.id != second.id : ascending
    }
}

/// BigCommerce's accepted `shipping_provider` values.
enum ShippingProvider {
    static let displayNames: [String: String] = [
        "": "", "auspost": "Australia Post", "canadapost": "Canada Post", "endicia": "Endicia", "usps": "USPS",
        "fedex": "FedEx", "royalmail": "Royal Mail", "ups": "UPS", "upsready": "UPS Ready", "shipperhq": "ShipperHQ",
    ]

    static func isAccepted(_ provider: String) -> Bool {
        displayNames[provider] != nil || (provider.hasPrefix("carrier_") && provider.count > "carrier_".count)
    }

    static func displayName(_ provider: String) -> String {
        displayNames[provider] ?? provider
    }
}
