import CrossdockHTTP
import Foundation

/// How a BigCommerce product counts its stock (`inventory_tracking`).
enum InventoryTracking: String, Sendable {
    case none, product, variant
}

/// A catalogue product as the emulated store holds it. Prices are in pence.
struct CatalogProduct: Sendable {
    let id: Int
    var name: String
    var sku: String
    var pricePence: Int
    var tracking: InventoryTracking
    /// The product-level stock, used when `tracking` is `.product`.
    var productInventory: Int
    var options: [CatalogOption]
    /// Every product has at least one variant; a simple product has its base variant only.
    var variants: [CatalogVariant]
    let dateCreated: Date
    var dateModified: Date
    var details = ProductDetails()

    var isSimple: Bool { options.isEmpty }
    var baseVariantId: Int? { isSimple ? variants.first?.id : nil }

    /// `inventory_level` as BigCommerce reports it: the product's own, or the sum of its variants'.
    var inventoryLevel: Int {
        tracking == .variant ? variants.reduce(0) { $0 + $1.inventory } : productInventory
    }

    /// A variant's `inventory_level`: its own when tracked by variant, else the product's.
    func inventoryLevel(of variant: CatalogVariant) -> Int {
        tracking == .variant ? variant.inventory : productInventory
    }

    /// The price a variant sells at: its own, else the product's.
    func pricePence(of variant: CatalogVariant) -> Int {
        variant.pricePence ?? pricePence
    }
}

struct CatalogOption: Sendable {
    let id: Int
    let displayName: String
    var values: [CatalogOptionValue]
}

struct CatalogOptionValue: Sendable {
    let id: Int
    let label: String
}

struct CatalogVariant: Sendable {
    let id: Int
    let productId: Int
    var sku: String
    /// BigCommerce's legacy SKU id; `nil` for a simple product's base variant. SKU webhooks carry it as `data.id`.
    let skuId: Int?
    var pricePence: Int?
    /// Own stock; meaningful when the product tracks inventory by variant.
    var inventory: Int
    var optionValues: [VariantOptionValue]
    var details = VariantDetails()
}

struct VariantOptionValue: Sendable {
    let id: Int
    let label: String
    let optionId: Int
    let optionDisplayName: String
}

/// A postal address of a v2 order; BigCommerce's field names, never logged.
struct OrderAddress: Codable, Sendable {
    var firstName: String?
    var lastName: String?
    var company: String?
    var street1: String?
    var street2: String?
    var city: String?
    var state: String?
    var zip: String?
    var country: String?
    var countryIso2: String?
    var phone: String?
    var email: String?
}

/// BigCommerce's order statuses (`GET /v2/order_statuses`).
enum OrderStatus {
    static let names: [Int: String] = [
        0: "Incomplete", 1: "Pending", 2: "Shipped", 3: "Partially Shipped", 4: "Refunded", 5: "Cancelled",
        6: "Declined", 7: "Awaiting Payment", 8: "Awaiting Pickup", 9: "Awaiting Shipment", 10: "Completed",
        11: "Awaiting Fulfillment", 12: "Manual Verification Required", 13: "Disputed", 14: "Partially Refunded",
    ]
    static let shipped = 2
    static let partiallyShipped = 3
    static let refunded = 4
    static let cancelled = 5
    static let awaitingFulfillment = 11

    static func name(_ id: Int) -> String { names[id] ?? "Unknown" }
}

/// One line of a v2 order (`/v2/orders/{id}/products`). `id` is the order product id.
struct OrderLine: Sendable {
    let id: Int
    let productId: Int
    let variantId: Int?
    let orderAddressId: Int
    let name: String
    let sku: String
    let quantity: Int
    var quantityShipped: Int
    let priceExTax: Decimal
    let priceIncTax: Decimal
    let options: [VariantOptionValue]
    /// Whether creating the order took this line from stock (catalogue lines only).
    let tookStock: Bool
}

struct OrderShippingAddress: Sendable {
    let id: Int
    let address: OrderAddress
    let shippingMethod: String
}

struct ShipmentItem: Sendable {
    let orderProductId: Int
    let productId: Int
    let quantity: Int
}

struct OrderShipment: Sendable {
    let id: Int
    let orderId: Int
    let orderAddressId: Int
    let dateCreated: Date
    let trackingNumber: String
    let shippingProvider: String
    let trackingCarrier: String
    let trackingLink: String
    let shippingMethod: String
    let comments: String
    let items: [ShipmentItem]
}

struct StoreOrder: Sendable {
    let id: Int
    var statusId: Int
    let customerId: Int
    let dateCreated: Date
    var dateModified: Date
    var dateShipped: Date?
    let currencyCode: String
    let billingAddress: OrderAddress
    var shippingAddresses: [OrderShippingAddress]
    var lines: [OrderLine]
    var shipments: [OrderShipment]
    let externalSource: String?
    var externalOrderId: String?
    let shippingCostExTax: Decimal
    let shippingCostIncTax: Decimal
    /// Computed from the lines and shipping, unless the request overrode them.
    let subtotalExTax: Decimal
    let subtotalIncTax: Decimal
    let totalExTax: Decimal
    let totalIncTax: Decimal
    var staffNotes: String
    var customerMessage: String

    var itemsTotal: Int { lines.reduce(0) { $0 + $1.quantity } }
    var itemsShipped: Int { lines.reduce(0) { $0 + $1.quantityShipped } }

    /// Whether the hub (or any marketplace integration) created the order.
    var isFromMarketplace: Bool {
        (externalSource?.lowercased().contains("amazon") ?? false) || !(externalOrderId ?? "").isEmpty
    }
}

/// A change the store announces to webhook subscribers.
struct WebhookEvent: Sendable {
    let scope: String
    let data: JSONValue
}

/// A request the store refuses, with the status and sentence for BigCommerce's error bodies.
struct BigCommerceFailure: Error, Sendable {
    let status: Int
    let message: String
    /// Field-level details for v3 problem bodies (`errors`).
    var fieldErrors: [String: String] = [:]
}
