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
    /// limit rather than by round trips: each request decodes and maps its page on its own, and the
    /// window is refilled before arrived pages are stored, so requests keep flowing while the
    /// database writes. Pages are stored strictly in order, each in one transaction with the resume
    /// point, so a crash repeats at most the pages in flight and memory stays bounded.
    func importCatalogPage(integrationID: String) async throws {
        guard let integration = try await store.integration(id: integrationID) else { return }
        let progress = try await store.catalogImport()
        guard progress.state == .importing else { return }
        let client = try await channels.bigCommerce(integration)
        let size = configuration.catalogPageSize
        let window = max(1, configuration.catalogPagesInFlight)
        let fetch = { @Sendable (number: Int) async throws -> CatalogPage in
            let (products, pagination) = try await client.products(page: number, limit: size)
            let options = try await Self.optionsNeeded(by: products, client: client)
            let mapped = CatalogMapping.map(products, currency: Self.storeCurrency, options: options)
            return CatalogPage(number: number, productCount: products.count, mapped: mapped, pagination: pagination)
        }

        try await withThrowingTaskGroup(of: CatalogPage.self) { group in
            var nextToStore = progress.nextPage
            var nextToRequest = progress.nextPage
            var knownPages = progress.nextPage
            var inFlight = 0
            var arrived: [Int: CatalogPage] = [:]
            func refill() {
                // Stopping: let the requests in flight finish (their pages are stored if they are next
                // in line), start no more, and leave the rest to the job's next run.
                guard !stopping.isSet else { return }
                while inFlight < window, nextToRequest <= knownPages {
                    group.addTask { [nextToRequest] in try await fetch(nextToRequest) }
                    nextToRequest += 1
                    inFlight += 1
                }
                if inFlight == 0, arrived[nextToStore] == nil {
                    // The catalogue shrank under the import: the page to store next no longer exists.
                    group.addTask { [nextToStore] in try await fetch(nextToStore) }
                    nextToRequest = nextToStore + 1
                    inFlight = 1
                }
            }
            refill()

            while let page = try await group.next() {
                inFlight -= 1
                arrived[page.number] = page
                knownPages = max(knownPages, page.pagination?.totalPages ?? page.number)
                refill()

                while let ready = arrived.removeValue(forKey: nextToStore) {
                    let isLast =
                        ready.productCount == 0 || ready.number >= (ready.pagination?.totalPages ?? ready.number)
                    try await storeCatalogPage(ready, integrationID: integrationID, isLast: isLast)
                    if isLast {
                        try await store.setLastError(nil, integrationID: integrationID)
                        Log.info("catalogue import complete", ["integration": integrationID])
                        await catalogImportCompleted()
                        return
                    }
                    nextToStore += 1
                }
                if stopping.isSet, inFlight == 0 { throw JobInterrupted() }
                refill()
            }
        }
    }

    private func storeCatalogPage(_ page: CatalogPage, integrationID: String, isLast: Bool) async throws {
        let progress = try await store.catalogImport()
        _ = try await store.storeCatalogPage(
            integrationID: integrationID, page: page.number,
            total: page.pagination?.total ?? progress.imported + page.productCount, products: page.mapped.products,
            problems: page.mapped.problems, importedProducts: page.productCount, isLast: isLast)
        Log.debug(
            "catalogue page imported",
            [
                "integration": integrationID, "page": String(page.number),
                "pages": String(page.pagination?.totalPages ?? page.number),
                "problems": String(page.mapped.problems.count),
            ])
    }

    /// Releases the work that waited for the import: orders and quantity reconciliation.
    func catalogImportCompleted() async {
        for integration in (try? await store.integrations()) ?? [] where integration.channel != .bigcommerce {
            if integration.settings.exportQuantities {
                try? await store.enqueue(
                    kind: JobKind.inventoryReconcile, key: integration.id, integration: integration.id)
            }
        }
        for id in (try? await store.orderIDs(state: .waiting)) ?? [] {
            try? await store.enqueue(
                kind: JobKind.orderRoute, key: String(id), integration: JobKind.bigCommerceIntegrationID)
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

    /// The variant options of the products whose variants do not name them, read one product at a
    /// time; a catalogue whose variants name their options (the usual case) costs no request here.
    private static func optionsNeeded(by products: [BigCommerceProduct], client: BigCommerceClient) async throws
        -> [Int:
        [BigCommerceProductOption]]
    {
        var options: [Int: [BigCommerceProductOption]] = [:]
        for productID in CatalogMapping.productsNeedingOptions(products) {
            options[productID] = try await client.productOptions(productID: productID)
        }
        return options
    }

    private func storeChanged(_ products: [BigCommerceProduct], integration: Integration) async throws {
        guard !products.isEmpty else { return }
        let options = try await Self.optionsNeeded(by: products, client: try await channels.bigCommerce(integration))
        var mapped = CatalogMapping.map(products, currency: Self.storeCurrency, options: options)
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

/// A page of the catalogue import, read and mapped, waiting for its turn to be stored.
private struct CatalogPage: Sendable {
    var number: Int
    /// Products BigCommerce sent on the page; 0 past the end of the catalogue.
    var productCount: Int
    var mapped: CatalogMapping.Result
    var pagination: BigCommercePagination?
}
