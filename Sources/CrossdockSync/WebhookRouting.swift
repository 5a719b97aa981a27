import Foundation

/// A BigCommerce webhook delivery, as posted to the hub.
public struct BigCommerceWebhook: Sendable, Decodable {
    public struct Payload: Sendable, Decodable {
        public struct Inventory: Sendable, Decodable {
            public var productID: Int?
            public var variantID: Int?
            enum CodingKeys: String, CodingKey {
                case productID = "product_id"
                case variantID = "variant_id"
            }
        }
        public var type: String?
        public var id: Int?
        public var orderID: Int?
        public var inventory: Inventory?
        enum CodingKeys: String, CodingKey {
            case type, id, inventory
            case orderID = "orderId"
        }
    }

    public var scope: String
    public var hash: String
    public var data: Payload?
}

/// Which job a BigCommerce webhook becomes. Payloads are light: each job re-reads current state,
/// so events may arrive duplicated or in any order.
public enum WebhookRouting {
    public static func job(for webhook: BigCommerceWebhook) -> (kind: String, key: String, payload: [String: String])? {
        let data = webhook.data
        switch webhook.scope {
        case "store/product/inventory/updated", "store/product/inventory/order/updated", "store/product/updated",
            "store/product/created", "store/product/deleted", "store/sku/inventory/updated",
            "store/sku/inventory/order/updated",
            "store/sku/updated", "store/sku/created":
            guard let productID = data?.inventory?.productID ?? (data?.type == "product" ? data?.id : nil) else {
                return nil
            }
            return (JobKind.productRefresh, String(productID), ["product_id": String(productID)])
        case "store/order/created", "store/order/updated", "store/order/statusUpdated", "store/order/archived":
            guard let orderID = data?.id else { return nil }
            return (JobKind.bigCommerceOrderRefresh, String(orderID), ["order_id": String(orderID)])
        case "store/shipment/created", "store/shipment/updated":
            guard let shipmentID = data?.id, let orderID = data?.orderID else { return nil }
            return (
                JobKind.shipmentFetch, "\(orderID):\(shipmentID)",
                ["order_id": String(orderID), "shipment_id": String(shipmentID)]
            )
        default:
            return nil
        }
    }
}
