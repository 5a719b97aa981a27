import CrossdockConnectors
import CrossdockDomain
import CrossdockStore
import Foundation

extension SyncEngine {
    /// The store's currency until the store information call lands.
    // TODO: read the store's default currency from /v2/store instead of assuming GBP.
    static let storeCurrency = "GBP"

    /// Imports the BigCommerce catalogue from its resume point to the end. Up to
    /// `catalogPagesInFlight` pages are requested at once, so the import is paced by the store's rate
    /// limit rather than by round trips; pages are stored strictly in order, each in one transaction
    /// with the resume point, so a crash repeats at most the pages in flight and memory stays bounded.
    func importCatalogPage(integrationID: String) async throws {
        guard let integration = try await store.integration(id: integrationID) else { return }
        let progress = try await store.catalogImport()
        guard progress.state == .importing else { return }
        let client = try await channels.bigCommerce(integration)
        let size = configuration.catalogPageSize
        let window = max(1, configuration.catalogPagesInFlight)
        typealias Page = (number: Int, products: [BigCommerceProduct], pagination: BigCommercePagination?)

        try await withThrowingTaskGroup(of: Page.self) { group in
            var nextToStore = progress.nextPage
            var nextToRequest = progress.nextPage + 1
            var knownPages = progress.nextPage
            var inFlight = 1
            var arrived: [Int: Page] = [:]
            group.addTask { [nextToStore] in
                let (products, pagination) = try await client.products(page: nextToStore, limit: size)
                return (nextToStore, products, pagination)
            }

            while let page = try await group.next() {
                inFlight -= 1
                arrived[page.number] = page
                knownPages = max(knownPages, page.pagination?.totalPages ?? page.number)

                while let ready = arrived.removeValue(forKey: nextToStore) {
                    let isLast =
                        ready.products.isEmpty || ready.number >= (ready.pagination?.totalPages ?? ready.number)
                    try await storeCatalogPage(ready, integrationID: integrationID, isLast: isLast)
                    if isLast {
                        try await store.setLastError(nil, integrationID: integrationID)
                        Log.info("catalogue import complete", ["integration": integrationID])
                        await catalogImportCompleted()
                        return
                    }
                    nextToStore += 1
                }

                // Stopping: let the requests in flight finish (their pages are stored above if they
                // are next in line), start no more, and leave the rest to the job's next run.
                if stopping.isSet {
                    if inFlight == 0 { throw JobInterrupted() }
                    continue
                }
                while inFlight < window, nextToRequest <= knownPages {
                    let number = nextToRequest
                    group.addTask {
                        let (products, pagination) = try await client.products(page: number, limit: size)
                        return (number, products, pagination)
                    }
                    nextToRequest += 1
                    inFlight += 1
                }
                if inFlight == 0 {
                    // The catalogue shrank under the import: the page to store next no longer exists.
                    group.addTask { [nextToStore] in
                        let (products, pagination) = try await client.products(page: nextToStore, limit: size)
                        return (nextToStore, products, pagination)
                    }
                    nextToRequest = nextToStore + 1
                    inFlight = 1
                }
            }
        }
    }

    private func storeCatalogPage(
        _ page: (number: Int, products: [BigCommerceProduct], pagination: BigCommercePagination?),
        integrationID: String, isLast: Bool
    ) async throws {
        let mapped = CatalogMapping.map(page.products, currency: Self.storeCurrency)
        let progress = try await store.catalogImport()
        _ = try await store.storeCatalogPage(
            integrationID: integrationID, page: page.number,
            total: page.pagination?.total ?? progress.imported + page.products.count, products: mapped.products,
            problems: mapped.problems, importedProducts: page.products.count, isLast: isLast)
        Log.debug(
            "catalogue page imported",
            [
                "integration": integrationID, "page": String(page.number),
                "pages": String(page.pagination?.totalPages ?? page.number), "problems": String(mapped.problems.count),
            ])
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

    /// Re-reads one product from BigCommerce (after a webhook) and pushes any quantity change. Any
    /// event means "fetch the current state", so duplicated or reordered events cannot corrupt it.
    func refreshProduct(_ job: Job) async throws {
        guard let productID = Int(job.payload["product_id"] ?? job.key) else { return }
        try await refreshProduct(id: productID)
    }

    func refreshProduct(id productID: Int) async throws {
        let integration = try await bigCommerceIntegration()
        let client = try await channels.bigCommerce(integration)
        guard let product = try await client.product(id: productID) else {
            try await store.removeProduct(bigCommerceProductID: productID)
            return
        }
        try await storeChanged([product], integration: integration)
    }

    /// Asks BigCommerce for products modified since the last poll, so a lost webhook only delays a
    /// change. The watermark moves only after every page is stored.
    func pollCatalogChanges(integrationID: String) async throws {
        guard let integration = try await store.integration(id: integrationID),
            try await store.catalogImport().state == .complete
        else { return }
        let client = try await channels.bigCommerce(integration)
        let pollStarted = Date()
        let since = try await store.catalogModifiedSince().flatMap(DateFormats.parseISO8601) ?? pollStarted
        let from = DateFormats.iso8601(since.addingTimeInterval(-Self.catalogPollOverlapSeconds))

        var page = 1
        var changed = 0
        while true {
            let (products, pagination) = try await client.products(
                modifiedSince: from, page: page, limit: configuration.catalogPageSize)
            try await storeChanged(products, integration: integration)
            changed += products.count
            if products.isEmpty || page >= (pagination?.totalPages ?? page) { break }
            page += 1
        }
        try await store.setCatalogModifiedSince(DateFormats.iso8601(pollStarted))
        if changed > 0 {
            Log.info("catalogue changes polled", ["integration": integrationID, "products": String(changed)])
        }
    }

    /// Overlap between delta polls, for clock differences and changes made while a poll ran.
    static let catalogPollOverlapSeconds: TimeInterval = 60

    private func storeChanged(_ products: [BigCommerceProduct], integration: Integration) async throws {
        guard !products.isEmpty else { return }
        var mapped = CatalogMapping.map(products, currency: Self.storeCurrency)
        if !integration.settings.inventoryTruth {
            // The hub's quantities stand: keep what it holds instead of BigCommerce's.
            for index in mapped.products.indices {
                let current = try await store.product(sku: mapped.products[index].sku.value)
                mapped.products[index].inventoryLevel = current?.inventoryLevel
            }
        }
        let stored = try await store.storeProducts(
            mapped.products, problems: mapped.problems, productIDs: Set(products.map(\.id)))
        for entry in stored where entry.isSellable {
            try await queueQuantityPushes(sku: entry.sku)
        }
    }
}
