import CrossdockHTTP
import Foundation

/// Sub-resources of a product (options, images, custom fields), brands and categories.
extension BigCommerceAPI {
    func addCatalogRoutes(to router: inout Router) {
        let api = self
        let product = "\(Self.prefix)/v3/catalog/products/{id}"
        router.get("\(product)/options") { await api.listOptions($0) }
        router.get("\(product)/options/{option_id}") { await api.getOption($0) }
        router.get("\(product)/images") { await api.listImages($0) }
        router.get("\(product)/custom-fields") { await api.listCustomFields($0) }
        router.get("\(Self.prefix)/v3/catalog/brands") { await api.listBrands($0) }
        router.get("\(Self.prefix)/v3/catalog/brands/{id}") { await api.getBrand($0) }
        router.get("\(Self.prefix)/v3/catalog/categories") { await api.listCategories($0) }
        router.get("\(Self.prefix)/v3/catalog/categories/{id}") { await api.getCategory($0) }
    }

    func listOptions(_ request: HTTPRequest) async -> HTTPResponse {
        guard let product = await product(for: request) else { return productNotFound() }
        let options = product.options.enumerated().map { position, option in
            BigCommerceWire.option(option, productId: product.id, sortOrder: position)
        }
        return collection(options, request)
    }

    func getOption(_ request: HTTPRequest) async -> HTTPResponse {
        guard let product = await product(for: request) else { return productNotFound() }
        let optionId = request.intParameter("option_id")
        guard let position = product.options.firstIndex(where: { $0.id == optionId }) else {
            return error(404, "The requested option was not found.")
        }
        let json = BigCommerceWire.option(product.options[position], productId: product.id, sortOrder: position)
        return .jsonTree(["data": json, "meta": [String: Any]()])
    }

    func listImages(_ request: HTTPRequest) async -> HTTPResponse {
        guard let product = await product(for: request) else { return productNotFound() }
        return collection(product.details.images.map { BigCommerceWire.image($0, productId: product.id) }, request)
    }

    func listCustomFields(_ request: HTTPRequest) async -> HTTPResponse {
        guard let product = await product(for: request) else { return productNotFound() }
        return collection(product.details.customFields.map(BigCommerceWire.customField), request)
    }

    func listBrands(_ request: HTTPRequest) async -> HTTPResponse {
        var brands = await store.allBrands()
        if let ids = idFilter(request) { brands = brands.filter { ids.contains($0.id) } }
        if let name = request.queryValue("name") { brands = brands.filter { $0.name == name } }
        return collection(brands.map(BigCommerceWire.brand), request)
    }

    func getBrand(_ request: HTTPRequest) async -> HTTPResponse {
        let id = request.intParameter("id")
        guard let brand = await store.allBrands().first(where: { $0.id == id }) else {
            return error(404, "The requested brand was not found.")
        }
        return .jsonTree(["data": BigCommerceWire.brand(brand), "meta": [String: Any]()])
    }

    func listCategories(_ request: HTTPRequest) async -> HTTPResponse {
        var categories = await store.allCategories()
        if let ids = idFilter(request) { categories = categories.filter { ids.contains($0.id) } }
        if let name = request.queryValue("name") { categories = categories.filter { $0.name == name } }
        // Every category sits at the top of the tree.
        if let parent = request.queryValue("parent_id").flatMap({ Int($0) }), parent != 0 { categories = [] }
        return collection(categories.map(BigCommerceWire.category), request)
    }

    func getCategory(_ request: HTTPRequest) async -> HTTPResponse {
        let id = request.intParameter("id")
        guard let category = await store.allCategories().first(where: { $0.id == id }) else {
            return error(404, "The requested category was not found.")
        }
        return .jsonTree(["data": BigCommerceWire.category(category), "meta": [String: Any]()])
    }

    // MARK: Helpers

    private func product(for request: HTTPRequest) async -> CatalogProduct? {
        guard let id = request.intParameter("id") else { return nil }
        return await store.product(id: id)
    }

    private func productNotFound() -> HTTPResponse {
        error(404, "The requested product was not found.")
    }

    /// `id` or `id:in`, when given.
    private func idFilter(_ request: HTTPRequest) -> Set<Int>? {
        if let ids = request.commaList("id:in") { return Set(ids.compactMap { Int($0) }) }
        return request.queryValue("id").flatMap { Int($0) }.map { [$0] }
    }

    /// One page of a v3 collection (`page`, `limit` up to 250, default 50) with its pagination.
    private func collection(_ items: [[String: Any]], _ request: HTTPRequest) -> HTTPResponse {
        let page = request.positiveInt("page") ?? 1
        let limit = min(request.positiveInt("limit") ?? 50, 250)
        let shown = BigCommerceStore.page(items, page: page, limit: limit)
        return .jsonTree([
            "data": shown,
            "meta": BigCommerceWire.pagination(total: items.count, count: shown.count, page: page, limit: limit),
        ])
    }
}
