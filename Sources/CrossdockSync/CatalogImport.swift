import CrossdockConnectors
import CrossdockDomain
import CrossdockStore
import Foundation

extension SyncEngine {
    /// The store's currency until the store information call lands.
    // TODO: read the store's default currency from /v2/store instead of assuming GBP.
    static let storeCurrency = "GBP"

    /// Imports one page of the BigCommerce catalogue and queues the next. Each page is stored in
    /// one transaction with the resume point, so a crash repeats at most the page in flight.
    func importCatalogPage(integrationID: String) async throws {
        guard let integration = try await store.integration(id: integrationID) else { return }
        let progress = try await store.catalogImport()
        guard progress.state == .importing else { return }
        let client = try await channels.bigCommerce(integration)

        let page = progress.nextPage
        let (products, pagination) = try await client.products(page: page)
        let mapped = CatalogMapping.map(products, currency: Self.storeCurrency)
        let totalPages = pagination?.totalPages ?? page
        let isLast = products.isEmpty || page >= totalPages
        _ = try await store.storeCatalogPage(
            integrationID: integrationID, page: page, total: pagination?.total ?? progress.imported + products.count,
            products: mapped.products, problems: mapped.problems, importedProducts: products.count, isLast: isLast)
        Log.info(
            "catalogue page imported",
            [
                "integration": integrationID, "page": String(page), "pages": String(totalPages),
                "problems": String(mapped.problems.count),
            ])

        if isLast {
            try await store.setLastError(nil, integrationID: integrationID)
            Log.info("catalogue import complete", ["integration": integrationID])
            await catalogImportCompleted()
        } else {
            try await store.enqueue(kind: JobKind.catalogImport, key: integrationID)
        }
    }

    /// Releases the work that waited for the import: orders and quantity reconciliation.
    func catalogImportCompleted() async {
        for integration in (try? await store.integrations()) ?? [] where integration.channel != .bigcommerce {
            if integration.settings.exportQuantities {
                try? await store.enqueue(kind: JobKind.inventoryReconcile, key: integration.id)
            }
        }
        for id in (try? await store.orderIDs(state: .waiting)) ?? [] {
            try? await store.enqueue(kind: JobKind.orderRoute, key: String(id))
        }
    }

    /// Re-reads one product from BigCommerce (after a webhook) and pushes any quantity change.
    func refreshProduct(_ job: Job) async throws {
        guard let productID = Int(job.payload["product_id"] ?? job.key) else { return }
        let integration = try await bigCommerceIntegration()
        let client = try await channels.bigCommerce(integration)
        guard let product = try await client.product(id: productID) else { return }
        let mapped = CatalogMapping.map([product], currency: Self.storeCurrency)
        if integration.settings.inventoryTruth {
            for entry in mapped.products where entry.isSellable {
                try await store.setInventoryLevel(entry.inventoryLevel, sku: entry.sku)
            }
        }
        for entry in mapped.products where entry.isSellable {
            try await queueQuantityPushes(sku: entry.sku)
        }
    }
}
