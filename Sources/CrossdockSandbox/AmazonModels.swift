import CrossdockHTTP
import Foundation

/// A seller's listing in the one marketplace the sandbox emulates.
struct AmazonListing: Sendable {
    let sku: String
    var asin: String
    var itemName: String
    var productType: String
    var quantity: Int
    /// How many quantity patches (or puts) the listing has received, for tests.
    var quantityUpdates: Int
    var priceMinor: Int?
    var currency: String
    /// Attributes other than quantity and price, as last written by a client.
    var attributes: [String: JSONValue]
    let createdDate: Date
    var lastUpdatedDate: Date

    /// Amazon shows an out-of-stock listing but does not sell it.
    var statuses: [String] { quantity > 0 ? ["BUYABLE", "DISCOVERABLE"] : ["DISCOVERABLE"] }
}

enum AmazonOrderStatus: String, Sendable, CaseIterable {
    case pending = "Pending"
    case unshipped = "Unshipped"
    case partiallyShipped = "PartiallyShipped"
    case shipped = "Shipped"
    case canceled = "Canceled"
}

struct AmazonOrderItem: Sendable {
    let orderItemId: String
    let sku: String
    let asin: String
    let title: String
    let quantityOrdered: Int
    var quantityShipped: Int
    let unitPriceMinor: Int
}

/// One confirmShipment call as Amazon recorded it.
struct ShipmentConfirmation: Sendable {
    struct Item: Sendable {
        let orderItemId: String
        let quantity: Int
    }

    let packageReferenceId: String
    let carrierCode: String
    let carrierName: String?
    let shippingMethod: String?
    let trackingNumber: String
    let shipDate: Date
    let items: [Item]
    let receivedAt: Date
}

struct AmazonOrder: Sendable {
    let amazonOrderId: String
    var status: AmazonOrderStatus
    let purchaseDate: Date
    var lastUpdateDate: Date
    let currency: String
    /// Made-up buyer details; never logged.
    let buyer: SeedBuyer
    let buyerEmail: String
    var items: [AmazonOrderItem]
    var confirmations: [ShipmentConfirmation]
    /// The seed invoice a replayed order came from, and its original time; shown by the control API only.
    let invoice: String?
    let invoicePlacedAt: String?

    var totalMinor: Int { items.reduce(0) { $0 + $1.unitPriceMinor * $1.quantityOrdered } }
    var itemsShipped: Int { items.reduce(0) { $0 + $1.quantityShipped } }
    var itemsUnshipped: Int { items.reduce(0) { $0 + $1.quantityOrdered - $1.quantityShipped } }
}

/// An order a buyer places through the control API or the replay.
struct AmazonOrderPlacement: Sendable {
    var amazonOrderId: String?
    var status: AmazonOrderStatus
    var purchaseDate: Date?
    var currency: String
    var buyer: SeedBuyer
    var lines: [SeedOrderLine]
    var invoice: String?
    var invoicePlacedAt: String?
}

/// A request SP-API refuses: its status and the `errors` entry of the body.
struct AmazonFailure: Error, Sendable {
    let status: Int
    let code: String
    let message: String
    var details = ""

    static func invalidInput(_ message: String) -> AmazonFailure {
        AmazonFailure(status: 400, code: "InvalidInput", message: message)
    }

    static func notFound(_ message: String) -> AmazonFailure {
        AmazonFailure(status: 404, code: "NotFound", message: message)
    }
}

/// Identifiers in Amazon's shapes, derived from stable inputs so replays give the same ids.
enum AmazonIdentifiers {
    /// `3-7-7` digits, such as `202-0536367-4821937`, from a seed invoice number.
    static func orderId(invoice: String) -> String {
        let middle = String(invoice.filter(\.isNumber).suffix(7)).leftPadded(to: 7)
        return "202-\(middle)-\(StableHash.digits("invoice:" + invoice, count: 7))"
    }

    /// An order id for an order placed through the control API.
    static func orderId(sequence: Int) -> String {
        let middle = String(sequence).leftPadded(to: 7)
        return "203-\(middle)-\(StableHash.digits("order:\(sequence)", count: 7))"
    }

    /// A 14-digit order item id.
    static func orderItemId(orderId: String, line: Int) -> String {
        StableHash.digits("\(orderId)#\(line)", count: 14)
    }

    /// A ten-character ASIN starting with `B0`.
    static func asin(sku: String) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var value = StableHash.of("asin:" + sku)
        var characters: [Character] = []
        for _ in 0..<8 {
            characters.append(alphabet[Int(value % 36)])
            value /= 36
        }
        return "B0" + String(characters)
    }
}
