import CrossdockHTTP
import Foundation

/// Filters, sort and page of `GET /v3/catalog/products`.
struct ProductQuery: Sendable {
    var ids: Set<Int>?
    var skus: [String]?
    var name: String?
    var idMin: Int?
    var idMax: Int?
    var modifiedMin: Date?
    var modifiedMax: Date?
    var sort = "id"
    var descending = false
    var page = 1
    var limit = 50
}

/// Filters and page of `GET /v3/catalog/variants`.
struct VariantQuery: Sendable {
    var ids: Set<Int>?
    var skus: [String]?
    var productIds: Set<Int>?
    var page = 1
    var limit = 50
}

/// One line of an absolute inventory adjustment, addressed by exactly one of its ids.
struct StockAdjustment: Sendable {
    var productId: Int?
    var variantId: Int?
    var sku: String?
    var quantity: Int
}

/// Where a quantity lives: on the product, or on one of its variants.
enum StockLocation: Sendable, Hashable {
    case product(id: Int)
    case variant(productId: Int, variantId: Int)
}

/// The emulated BigCommerce store: catalogue, stock, orders and shipments.
///
/// Every mutation returns the webhook events it causes; the caller hands them to the webhook
/// dispatcher, so the store itself does no I/O.
actor BigCommerceStore {
    var products = ProductShelf()
    var productPositions: [Int: Int] = [:]
    var variantPositions: [Int: (product: Int, variant: Int)] = [:]
    /// Lower-cased SKU → every product or variant with that SKU (BigCommerce matches SKUs ignoring case).
    var skuIndex: [String: [StockLocation]] = [:]
    var orders: [StoreOrder] = []
    var orderPositions: [Int: Int] = [:]

    var nextProductId = 101
    var nextVariantId = 201
    var nextOptionId = 51
    var nextOptionValueId = 301
    /// Far from the variant ids, so that a client mistaking a SKU webhook's `data.id` for a variant id fails.
    var nextSkuId = 50_001
    var nextOrderId = 100
    var nextOrderProductId = 1
    var nextOrderAddressId = 1
    var nextShipmentId = 1
    var nextCustomerId = 1
    var brands: [CatalogBrand] = []
    var categories: [CatalogCategory] = []
    var nextBrandId = 36
    var nextCategoryId = 18
    var nextImageId = 1_001
    var nextCustomFieldId = 1

    // MARK: Catalogue

    func reindexCatalog() {
        productPositions = [:]
        variantPositions = [:]
        skuIndex = [:]
        for (productIndex, product) in products.enumerated() {
            productPositions[product.id] = productIndex
            if !product.sku.isEmpty {
                skuIndex[product.sku.lowercased(), default: []].append(.product(id: product.id))
            }
            for (variantIndex, variant) in product.variants.enumerated() {
                variantPositions[variant.id] = (productIndex, variantIndex)
                if !product.isSimple, !variant.sku.isEmpty {
                    let location = StockLocation.variant(productId: product.id, variantId: variant.id)
                    skuIndex[variant.sku.lowercased(), default: []].append(location)
                }
            }
        }
    }

    func product(id: Int) -> CatalogProduct? {
        productPositions[id].map { products[$0] }
    }

    func products(matching query: ProductQuery) -> (page: [CatalogProduct], total: Int) {
        let (positions, total) = positions(matching: query)
        return (positions.map { products[$0] }, total)
    }

    /// A page of `GET /v3/catalog/products` as the JSON array of its products, assembled from each
    /// product's rendered JSON; nil when the shape asks for a sub-resource the cache does not keep.
    func productPage(matching query: ProductQuery, shape: ProductShape) -> (data: [UInt8], count: Int, total: Int)? {
        guard shape.isRenderedFromCache else { return nil }
        let (positions, total) = positions(matching: query)
        var data: [UInt8] = [UInt8(ascii: "[")]
        for (index, position) in positions.enumerated() {
            if index > 0 { data.append(UInt8(ascii: ",")) }
            products.wire(at: position).write(shape, into: &data)
        }
        data.append(UInt8(ascii: "]"))
        return (data, positions.count, total)
    }

    /// One product's JSON, from its rendered JSON; nil when there is no such product or the shape
    /// asks for a sub-resource the cache does not keep.
    func productJSON(id: Int, shape: ProductShape) -> [UInt8]? {
        guard shape.isRenderedFromCache, let position = productPositions[id] else { return nil }
        var data: [UInt8] = []
        products.wire(at: position).write(shape, into: &data)
        return data
    }

    /// Positions in `products` of one page of matches, and how many match in all.
    private func positions(matching query: ProductQuery) -> (page: [Int], total: Int) {
        // The import's query, unfiltered and in id order, is a slice: products are kept in the
        // order of their ids (each load appends with higher ids), so no page costs a full scan.
        let unfiltered =
            query.ids == nil && query.skus == nil && query.name == nil && query.idMin == nil && query.idMax == nil
            && query.modifiedMin == nil && query.modifiedMax == nil
        if unfiltered, query.sort == "id", !query.descending {
            let offset = (query.page - 1).multipliedReportingOverflow(by: query.limit)
            let start = offset.overflow ? products.count : min(products.count, offset.partialValue)
            return (Array(start..<min(products.count, start + query.limit)), products.count)
        }
        let wanted = query.skus.map { Set($0.map { $0.lowercased() }) }
        var matches = products.indices.filter { position in
            let product = products[position]
            if let ids = query.ids, !ids.contains(product.id) { return false }
            if let wanted, !wanted.contains(product.sku.lowercased()) { return false }
            if let name = query.name, product.name != name { return false }
            if let idMin = query.idMin, product.id < idMin { return false }
            if let idMax = query.idMax, product.id > idMax { return false }
            if let modifiedMin = query.modifiedMin, product.dateModified < modifiedMin { return false }
            if let modifiedMax = query.modifiedMax, product.dateModified > modifiedMax { return false }
            return true
        }
        matches.sort { first, second in
            let (first, second) = (products[first], products[second])
            let ordered = Self.precedes(first, second, by: query.sort)
            return query.descending ? Self.precedes(second, first, by: query.sort) : ordered
        }
        return (Self.page(matches, page: query.page, limit: query.limit), matches.count)
    }

    private static func precedes(_ first: CatalogProduct, _ second: CatalogProduct, by field: String) -> Bool {
        switch field {
        case "name" where first.name != second.name: first.name < second.name
        case "sku" where first.sku != second.sku: first.sku < second.sku
        case "price" where first.pricePence != second.pricePence: first.pricePence < second.pricePence
        case "date_modified" where first.dateModified != second.dateModified: first.dateModified < second.dateModified
        case "inventory_level" where first.inventoryLevel != second.inventoryLevel:
            first.inventoryLevel < second.inventoryLevel
        default: first.id < second.id
        }
    }

    /// Variants with their products, for `GET /v3/catalog/variants`.
    func variants(matching query: VariantQuery) -> (page: [(CatalogProduct, CatalogVariant)], total: Int) {
        let wanted = query.skus.map { Set($0.map { $0.lowercased() }) }
        let matches = products.flatMap { product in
            product.variants.filter { variant in
                if let ids = query.ids, !ids.contains(variant.id) { return false }
                if let productIds = query.productIds, !productIds.contains(product.id) { return false }
                if let wanted, !wanted.contains(variant.sku.lowercased()) { return false }
                return true
            }.map { (product, $0) }
        }
        return (Self.page(matches, page: query.page, limit: query.limit), matches.count)
    }

    static func page<Element>(_ items: [Element], page: Int, limit: Int) -> [Element] {
        let start = (page - 1) * limit
        guard start < items.count else { return [] }
        return Array(items[start..<min(items.count, start + limit)])
    }

    // MARK: Stock

    /// Resolves a SKU to where its stock lives, preferring an exact match over one that differs in case.
    func stockLocation(forSKU sku: String) -> StockLocation? {
        let candidates = skuIndex[sku.lowercased()] ?? []
        return candidates.first { self.sku(at: $0) == sku } ?? candidates.first
    }

    func sku(at location: StockLocation) -> String? {
        switch location {
        case .product(let id): product(id: id)?.sku
        case .variant(_, let variantId):
            variantPositions[variantId].map { products[$0.product].variants[$0.variant].sku }
        }
    }

    /// Sets stock as a merchant does in the control panel; the webhook is sent even when the value is unchanged.
    func setStock(sku: String, quantity: Int) -> Result<[WebhookEvent], BigCommerceFailure> {
        resolve(StockAdjustment(sku: sku, quantity: quantity)).map { applyAbsolute([($0, quantity)]) }
    }

    /// `PUT /v3/inventory/adjustments/absolute`: validates every item, then applies them all.
    func adjustAbsolute(_ items: [StockAdjustment]) -> Result<[WebhookEvent], BigCommerceFailure> {
        var resolved: [(StockLocation, Int)] = []
        for item in items {
            switch resolve(item) {
            case .success(let location): resolved.append((location, item.quantity))
            case .failure(let failure): return .failure(failure)
            }
        }
        return .success(applyAbsolute(resolved))
    }

    private func resolve(_ item: StockAdjustment) -> Result<StockLocation, BigCommerceFailure> {
        if let variantId = item.variantId {
            guard let position = variantPositions[variantId] else {
                return .failure(
                    BigCommerceFailure(status: 422, message: "[Item with variant_id \(variantId) not found]"))
            }
            let product = products[position.product]
            guard product.tracking == .variant else {
                return .failure(
                    BigCommerceFailure(
                        status: 422,
                        message: "[Item with variant_id \(variantId) is tracked by product, "
                            + "please update stock by product id]"))
            }
            return .success(.variant(productId: product.id, variantId: variantId))
        }
        if let productId = item.productId {
            guard let product = product(id: productId) else {
                return .failure(
                    BigCommerceFailure(status: 422, message: "[Item with product_id \(productId) not found]"))
            }
            guard product.tracking != .variant else {
                return .failure(
                    BigCommerceFailure(
                        status: 422,
                        message: "[Item with product_id \(productId) is tracked by variant, "
                            + "please update stock by variant id]"))
            }
            return .success(.product(id: productId))
        }
        if let sku = item.sku {
            guard let location = stockLocation(forSKU: sku) else {
                return .failure(BigCommerceFailure(status: 422, message: "[Item with sku \(sku) not found]"))
            }
            if case .product(let id) = location, product(id: id)?.tracking == .variant {
                return .failure(
                    BigCommerceFailure(
                        status: 422,
                        message: "[Item with sku \(sku) is tracked by variant, please update stock by variant]"))
            }
            return .success(location)
        }
        return .failure(
            BigCommerceFailure(status: 422, message: "Each item needs one of variant_id, product_id or sku."))
    }

    /// Sets quantities and returns the merchant-side inventory webhooks.
    private func applyAbsolute(_ changes: [(StockLocation, Int)]) -> [WebhookEvent] {
        changes.map { location, quantity in
            setLevel(quantity, at: location)
            return inventoryEvent(at: location, orderDriven: false)
        }
    }

    func level(at location: StockLocation) -> Int {
        switch location {
        case .product(let id):
            return product(id: id)?.inventoryLevel ?? 0
        case .variant(_, let variantId):
            guard let position = variantPositions[variantId] else { return 0 }
            return products[position.product].variants[position.variant].inventory
        }
    }

    func setLevel(_ quantity: Int, at location: StockLocation) {
        switch location {
        case .product(let id):
            guard let index = productPositions[id] else { return }
            products[index].productInventory = quantity
        case .variant(_, let variantId):
            guard let position = variantPositions[variantId] else { return }
            products[position.product].variants[position.variant].inventory = quantity
        }
    }

    /// The inventory webhook BigCommerce sends for a stock change; order-driven changes use the
    /// `…/inventory/order/updated` scopes.
    func inventoryEvent(at location: StockLocation, orderDriven: Bool) -> WebhookEvent {
        let suffix = orderDriven ? "inventory/order/updated" : "inventory/updated"
        let value = level(at: location)
        switch location {
        case .product(let id):
            return WebhookEvent(
                scope: "store/product/\(suffix)",
                data: [
                    "type": "product", "id": .int(id),
                    "inventory": ["product_id": .int(id), "method": "absolute", "value": .int(value)],
                ])
        case .variant(let productId, let variantId):
            let skuId = variantPositions[variantId].flatMap { products[$0.product].variants[$0.variant].skuId }
            return WebhookEvent(
                scope: "store/sku/\(suffix)",
                data: [
                    "type": "sku", "id": .int(skuId ?? variantId),
                    "inventory": [
                        "product_id": .int(productId), "variant_id": .int(variantId), "method": "absolute",
                        "value": .int(value),
                    ],
                ])
        }
    }

    /// Changes a product's name or price as a merchant does in the control panel.
    func modifyProduct(id: Int, name: String?, pricePence: Int?, now: Date) -> Result<
        (CatalogProduct, [WebhookEvent]), BigCommerceFailure
    > {
        guard let index = productPositions[id] else {
            return .failure(BigCommerceFailure(status: 404, message: "The requested product was not found."))
        }
        if let name { products[index].name = name }
        if let pricePence { products[index].pricePence = pricePence }
        products[index].dateModified = max(SandboxDates.wholeSeconds(now), products[index].dateModified)
        let event = WebhookEvent(scope: "store/product/updated", data: ["type": "product", "id": .int(id)])
        return .success((products[index], [event]))
    }
}
