import CrossdockHTTP
import Foundation

/// Seeding the BigCommerce catalogue from a Shopify CSV, and the log of BigCommerce requests.
extension ControlAPI {
    func addCatalogRoutes(to router: inout Router) {
        let control = self
        router.post("/_control/bigcommerce/catalog/csv") { await control.loadCatalogCSV($0) }
        router.get("/_control/bigcommerce/requests") { await control.recordedRequests($0) }
        router.delete("/_control/bigcommerce/requests") { _ in await control.clearRecordedRequests() }
    }

    /// `POST /_control/bigcommerce/catalog/csv?replace=false&list_on_amazon=true` with a Shopify
    /// product CSV as the body (`Content-Type: text/csv`). Answers 201 with the products added, or
    /// 400 naming the line to fix; nothing is loaded unless the whole file reads.
    func loadCatalogCSV(_ request: HTTPRequest) async -> HTTPResponse {
        let contentType = (request.header("content-type") ?? "text/csv").lowercased()
        let acceptedTypes = ["text/", "application/csv", "application/octet-stream"]
        guard acceptedTypes.contains(where: { contentType.hasPrefix($0) }) else {
            return Self.problem("Send the CSV text itself as the body, with Content-Type: text/csv.", status: 415)
        }
        guard let text = String(data: request.body, encoding: .utf8) else {
            return Self.problem("The body is not UTF-8 text; save the CSV as UTF-8 and send it again.")
        }
        let replace: Bool
        let listOnAmazon: Bool
        switch (Self.flag(request, "replace", default: false), Self.flag(request, "list_on_amazon", default: true)) {
        case (.success(let first), .success(let second)):
            (replace, listOnAmazon) = (first, second)
        case (.failure(let failure), _), (_, .failure(let failure)):
            return Self.problem(failure.message)
        }

        let catalog: ShopifyCatalog
        do {
            catalog = try ShopifyCSV.read(text, currency: "GBP")
        } catch {
            return Self.problem(error.description)
        }
        let added: [CatalogProduct]
        let listed: Int
        let refused: [String]
        switch await load(catalog.products, replace: replace, listOnAmazon: listOnAmazon, skippingRefused: true) {
        case .success(let loaded): (added, listed, refused) = loaded
        case .failure(let failure): return Self.problem(failure.message, status: failure.status)
        }
        return .jsonTree(
            [
                "products": added.map { ["id": $0.id, "sku": $0.sku, "variant_ids": $0.variants.map(\.id)] },
                "product_count": added.count, "variant_count": added.reduce(0) { $0 + $1.variants.count },
                "listed_on_amazon": listed, "warnings": catalog.warnings + refused,
            ], status: 201)
    }

    /// Loads seed products into the store and, when asked, lists every sellable SKU on Amazon
    /// (replacing Amazon's listings too when the catalogue is replaced). The store refuses a product
    /// whose SKU is already used, regardless of letter case: then nothing is loaded, or with
    /// `skippingRefused` only that product, named in `refused`.
    func load(_ products: [SeedProduct], replace: Bool, listOnAmazon: Bool, skippingRefused: Bool = false) async
        -> Result<(added: [CatalogProduct], listed: Int, refused: [String]), BigCommerceFailure>
    {
        let added: [CatalogProduct]
        let refused: [String]
        let now = Date()
        switch await bigCommerce.store.addProducts(
            products, replace: replace, skippingRefused: skippingRefused, now: now)
        {
        case .success(let loaded): (added, refused) = loaded
        case .failure(let failure): return .failure(failure)
        }
        guard listOnAmazon else { return .success((added, 0, refused)) }
        if replace { await amazon.store.removeAllListings() }
        let items = Self.sellableItems(of: added)
        await amazon.store.list(items, now: Date())
        return .success((added, items.count, refused))
    }

    /// `{"requests": [...], "evicted": n, "capacity": n}`: the BigCommerce API requests received,
    /// oldest first (`?after=SEQUENCE` for only newer ones), without the `X-Auth-Token` header.
    func recordedRequests(_ request: HTTPRequest) async -> HTTPResponse {
        let after = request.queryValue("after").flatMap { Int($0) } ?? 0
        let log = bigCommerce.requestLog
        let requests = await log.requests(after: after)
        return .jsonTree([
            "requests": requests.map(\.json), "evicted": await log.evicted, "capacity": log.capacity,
        ])
    }

    func clearRecordedRequests() async -> HTTPResponse {
        await bigCommerce.requestLog.clear()
        return .empty(status: 204)
    }

    private static func flag(_ request: HTTPRequest, _ name: String, default fallback: Bool) -> Result<
        Bool, RequestBodyError
    > {
        switch request.queryValue(name)?.lowercased() {
        case nil: .success(fallback)
        case "true", "1": .success(true)
        case "false", "0": .success(false)
        case let other?:
            .failure(RequestBodyError(message: "The query parameter \(name) is true or false, not '\(other)'."))
        }
    }
}
