import CrossdockConnectors
import CrossdockDomain
import CrossdockStore
import Foundation

extension SyncEngine {
    /// Queues a quantity push for a SKU on every marketplace whose quantity export is on. Pushes
    /// coalesce per listing, and each computes the quantity when it runs.
    func queueQuantityPushes(sku: SKU) async throws {
        let exporting = try await store.integrations().filter {
            $0.channel != .bigcommerce && $0.settings.exportQuantities
        }
        guard !exporting.isEmpty else { return }
        for listing in try await store.listings(sku: sku)
        where exporting.contains(where: { $0.id == listing.integrationID }) {
            try await store.enqueue(
                kind: JobKind.inventoryPush, key: "\(listing.integrationID)\u{1F}\(listing.channelSKU)",
                integration: listing.integrationID,
                payload: ["integration_id": listing.integrationID, "channel_sku": listing.channelSKU])
        }
    }

    /// Sets one listing to the quantity the hub computes now: `max(0, truth − reserved)`.
    func pushQuantity(_ job: Job) async throws {
        guard let integrationID = job.payload["integration_id"], let channelSKU = job.payload["channel_sku"],
            let integration = try await store.integration(id: integrationID), integration.settings.exportQuantities
        else { return }
        guard let product = try await store.product(sku: channelSKU), product.isSellable else { return }
        let reserved = try await store.reservedQuantity(sku: product.sku)
        guard let quantity = InventoryRule.available(truth: product.inventoryLevel, reserved: reserved) else { return }
        let listing = try await store.listings(sku: product.sku).first {
            $0.integrationID == integrationID && $0.channelSKU == channelSKU
        }
        if listing?.confirmedQuantity == quantity { return }

        do {
            try await channels.amazon(integration).setQuantity(sku: channelSKU, quantity: quantity)
        } catch let error as ChannelError where !error.isRetryable {
            // The channel refused this value: show it on the listing instead of retrying forever.
            try await store.recordListingError(
                integrationID: integrationID, channelSKU: channelSKU, error: error.description)
            return
        }
        try await store.recordQuantityPushed(integrationID: integrationID, channelSKU: channelSKU, quantity: quantity)
        Log.debug("quantity pushed", ["integration": integrationID, "sku": channelSKU, "quantity": String(quantity)])
    }

    /// Compares every listing of a marketplace with the computed quantity and queues the differences.
    func reconcile(integrationID: String) async throws {
        guard let integration = try await store.integration(id: integrationID), integration.settings.exportQuantities
        else { return }
        var queued = 0
        for listing in try await store.listings(integrationID: integrationID) {
            guard let product = try await store.product(sku: listing.channelSKU), product.isSellable else { continue }
            let reserved = try await store.reservedQuantity(sku: product.sku)
            let quantity = InventoryRule.available(truth: product.inventoryLevel, reserved: reserved)
            if let quantity, quantity != listing.confirmedQuantity {
                try await store.enqueue(
                    kind: JobKind.inventoryPush, key: "\(integrationID)\u{1F}\(listing.channelSKU)",
                    integration: integrationID,
                    payload: ["integration_id": integrationID, "channel_sku": listing.channelSKU])
                queued += 1
            }
        }
        Log.info("quantities reconciled", ["integration": integrationID, "pushes": String(queued)])
    }
}
