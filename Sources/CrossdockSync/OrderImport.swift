import CrossdockConnectors
import CrossdockDomain
import CrossdockStore
import Foundation

extension SyncEngine {
    /// Overlap between polls, so an order updated while the previous poll ran is not missed.
    static let orderPollOverlapSeconds: TimeInterval = 120

    /// Imports a marketplace's new and changed orders. Importing the same order again is a no-op.
    func pollOrders(integrationID: String) async throws {
        guard let integration = try await store.integration(id: integrationID), integration.channel == .amazon,
            integration.settings.importOrders
        else { return }
        let client = try await channels.amazon(integration)
        let cursor = try await store.orderCursor(integrationID: integrationID).flatMap(DateFormats.parseISO8601)
        let since = (cursor ?? Date().addingTimeInterval(-86_400)).addingTimeInterval(-Self.orderPollOverlapSeconds)
        let pollStarted = Date()

        let orders = try await client.orders(
            lastUpdatedAfter: since, statuses: ["Pending", "Unshipped", "PartiallyShipped", "Shipped", "Canceled"])
        let importDone = try await store.catalogImport().state == .complete
        var changed = 0
        for order in orders
        where try await importOrder(order, integration: integration, client: client, importDone: importDone) {
            changed += 1
        }
        try await store.setOrderCursor(DateFormats.iso8601(pollStarted), integrationID: integrationID)
        try await store.setLastError(nil, integrationID: integrationID)
        if changed > 0 {
            Log.info("orders imported", ["integration": integrationID, "new_or_changed": String(changed)])
        }
    }

    /// Stores one order; returns whether it was new or its marketplace status changed.
    private func importOrder(
        _ order: AmazonOrder, integration: Integration, client: AmazonClient, importDone: Bool
    ) async throws -> Bool {
        let status = MarketplaceOrderStatus.amazon(order.orderStatus)
        let existing = try await store.orderIDAndLines(
            integrationID: integration.id, marketplaceOrderID: order.amazonOrderID)
        if let existing, existing.marketplaceStatus == order.orderStatus, existing.hasLines || status != .routable {
            return false
        }

        // Pending orders carry no prices or address yet; their items are read once they are paid (case O4).
        var lines: [OrderLine] = []
        if status == .routable, existing?.hasLines != true {
            lines = try await client.orderItems(orderID: order.amazonOrderID).map { item in
                OrderLine(
                    lineID: item.orderItemID, sku: SKU(item.sellerSKU ?? ""), title: item.title,
                    quantity: item.quantityOrdered, quantityShipped: item.quantityShipped ?? 0,
                    lineTotal: item.itemPrice.flatMap { try? Money.parse($0.amount, currency: $0.currencyCode) })
            }
        }
        let marketplaceOrder = MarketplaceOrder(
            integrationID: integration.id, marketplaceOrderID: order.amazonOrderID,
            marketplaceStatus: order.orderStatus, purchasedAt: order.purchaseDate,
            total: order.orderTotal.flatMap { try? Money.parse($0.amount, currency: $0.currencyCode) },
            shippingAddress: order.shippingAddress.map { Self.address($0, email: order.buyerInfo?.buyerEmail) },
            lines: lines)

        let (state, reason): (OrderState, String?) =
            switch status {
            case .pending: (.waiting, "Amazon status \(order.orderStatus): not routed until Amazon confirms payment.")
            case .routable:
                importDone ? (.ready, nil) : (.waiting, "Held until the BigCommerce catalogue import completes.")
            case .shipped: (.shipped, "Shipped on Amazon before the hub routed it.")
            case .cancelled: (.cancelled, "Cancelled on Amazon.")
            }
        // The follow-up job is queued with the order, so a crash in between cannot lose it. A cancel
        // job does nothing for an order BigCommerce never had; either way the reservation ends.
        let follow: [OrderJob] =
            switch status {
            case .routable: [OrderJob(kind: JobKind.orderRoute, integration: JobKind.bigCommerceIntegrationID)]
            case .cancelled: [OrderJob(kind: JobKind.orderCancel, integration: JobKind.bigCommerceIntegrationID)]
            case .pending, .shipped: []
            }
        let (id, _) = try await store.upsert(marketplaceOrder, state: state, reason: reason, queueing: follow)
        if status == .cancelled, let record = try await store.order(id: id) {
            for line in record.order.lines {
                try await queueQuantityPushes(sku: line.sku)
            }
        }
        if status == .routable {
            for line in lines {
                try await queueQuantityPushes(sku: line.sku)
            }
        }
        return true
    }

    static func address(_ address: AmazonOrder.Address, email: String?) -> PostalAddress {
        PostalAddress(
            name: address.name ?? "", line1: address.addressLine1 ?? "", line2: address.addressLine2,
            city: address.city ?? "", region: address.stateOrRegion, postalCode: address.postalCode ?? "",
            countryCode: address.countryCode ?? "", phone: address.phone, email: email)
    }

    /// Reads a marketplace's listings so quantities can be pushed to them.
    func importListings(integrationID: String) async throws {
        guard let integration = try await store.integration(id: integrationID), integration.channel == .amazon else {
            return
        }
        let listings = try await channels.amazon(integration).listings()
        for listing in listings {
            try await store.upsertListing(
                integrationID: integrationID, channelSKU: listing.sku, quantity: listing.quantity)
        }
        Log.info("listings imported", ["integration": integrationID, "count": String(listings.count)])
        if integration.settings.exportQuantities {
            try await store.enqueue(kind: JobKind.inventoryReconcile, key: integrationID, integration: integrationID)
        }
    }
}
