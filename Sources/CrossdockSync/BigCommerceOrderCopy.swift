import CrossdockConnectors
import CrossdockDomain
import CrossdockStore
import Foundation

extension SyncEngine {
    /// Reads one BigCommerce order's current state into the hub's copy (after a `store/order/*`
    /// webhook). Any event means "fetch and upsert", so an *updated* event before its *created* one
    /// is harmless (case W2).
    func refreshBigCommerceOrder(id: Int) async throws {
        let integration = try await bigCommerceIntegration()
        guard integration.settings.importOrders else { return }
        guard let order = try await channels.bigCommerce(integration).order(id: id) else { return }
        try await store.upsert(Self.copy(order))
    }

    /// Copies BigCommerce orders changed since the last poll, oldest change first.
    func pollBigCommerceOrders() async throws {
        let integration = try await bigCommerceIntegration()
        guard integration.settings.importOrders else { return }
        let client = try await channels.bigCommerce(integration)
        let pollStarted = Date()
        let cursor = try await store.orderCursor(integrationID: integration.id).flatMap(DateFormats.parseISO8601)
        // The first poll copies every order; later ones overlap the previous poll a little.
        let since =
            cursor.map { $0.addingTimeInterval(-Self.orderPollOverlapSeconds) } ?? Date(timeIntervalSince1970: 0)

        var page = 1
        while true {
            let orders = try await client.orders(modifiedSince: since, page: page)
            for order in orders {
                try await store.upsert(Self.copy(order))
            }
            if orders.count < BigCommerceClient.maximumPageSize { break }
            page += 1
        }
        try await store.setOrderCursor(DateFormats.iso8601(pollStarted), integrationID: integration.id)
    }

    /// Cancels in BigCommerce an order the marketplace cancelled after the hub created it (case O5).
    func cancelOrder(id: Int) async throws {
        guard let record = try await store.order(id: id), let bigCommerceOrderID = record.bigCommerceOrderID,
            record.state != .shipped
        else { return }
        let integration = try await bigCommerceIntegration()
        try await channels.bigCommerce(integration).cancelOrder(id: bigCommerceOrderID)
        try await store.setOrderState(.cancelled, reason: "Cancelled on the marketplace.", orderID: id)
        Log.info(
            "order cancelled",
            ["order": record.order.marketplaceOrderID, "bigcommerce_order": String(bigCommerceOrderID)])
    }

    static func copy(_ order: BigCommerceOrder) -> BigCommerceOrderCopy {
        let currency = order.currencyCode ?? storeCurrency
        return BigCommerceOrderCopy(
            id: order.id, statusID: order.statusID, status: order.status, externalSource: order.externalSource,
            externalOrderID: order.externalOrderID,
            total: order.totalIncludingTax.flatMap { Self.money(decimal: $0, currency: currency) },
            dateCreated: order.dateCreated, dateModified: order.dateModified)
    }

    /// BigCommerce v2 writes money with four decimals (`"12.5000"`); extra zeros are dropped exactly.
    static func money(decimal: String, currency: String) -> Money? {
        var text = decimal
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return try? Money.parse(text, currency: currency)
    }
}
