import Foundation

/// Loading the catalogue from seed products, and the brands and categories it references.
extension BigCommerceStore {
    /// Adds products in the seed format, or replaces the whole catalogue (with its brands and
    /// categories), as the sandbox does with its seed at start. Returns the products added, or
    /// nothing when a SKU is refused (see `addProducts`). Their wire JSON is rendered on first read:
    /// the demo seed is small, and rendering it up front would slow every start.
    func loadCatalog(_ seed: [SeedProduct], replace: Bool, now: Date) -> [CatalogProduct] {
        switch addProducts(seed, replace: replace, renderingNow: false, now: now) {
        case .success(let loaded):
            return loaded.added
        case .failure(let failure):
            FileHandle.standardError.write(Data("The seed catalogue was not loaded: \(failure.message)\n".utf8))
            return []
        }
    }

    /// Adds products in the seed format, or replaces the whole catalogue (with its brands and
    /// categories), and (unless told otherwise) renders each product's wire JSON so that the first
    /// read is as cheap as the next. BigCommerce refuses a product (409) whose SKU, or a variant's, another product or
    /// variant already uses regardless of letter case: the whole load is refused then, or with
    /// `skippingRefused` (a CSV import) only those products, each named in `refused`.
    func addProducts(
        _ seed: [SeedProduct], replace: Bool, skippingRefused: Bool = false, renderingNow: Bool = true, now: Date
    ) -> Result<
        (added: [CatalogProduct], refused: [String]), BigCommerceFailure
    > {
        let refusals = skuConflicts(in: seed, replacing: replace)
        if let first = refusals.first, !skippingRefused { return .failure(first.failure) }
        let refusedIndexes = Set(refusals.map(\.index))
        let accepted = seed.indices.filter { !refusedIndexes.contains($0) }.map { seed[$0] }
        if replace {
            products.removeAll()
            brands = []
            categories = []
        }
        let stamp = SandboxDates.wholeSeconds(now)
        let added = accepted.map { makeProduct($0, at: stamp) }
        let firstAdded = products.endIndex
        products.append(contentsOf: added)
        for position in firstAdded..<products.endIndex where renderingNow {
            _ = products.wire(at: position)
        }
        reindexCatalog()
        return .success((added, refusals.map { "\(seed[$0.index].name): \($0.failure.message)" }))
    }

    /// The products BigCommerce would refuse, in order: each whose SKU or a variant's is already used
    /// (in the store or by a product accepted earlier in `seed`), ignoring letter case. Empty SKUs
    /// are allowed, as BigCommerce allows them.
    private func skuConflicts(in seed: [SeedProduct], replacing: Bool) -> [(index: Int, failure: BigCommerceFailure)] {
        var taken: [String: String] = [:]
        var conflicts: [(index: Int, failure: BigCommerceFailure)] = []
        for (index, product) in seed.enumerated() {
            let skus = ([product.sku] + (product.variants ?? []).compactMap(\.sku)).filter { !$0.isEmpty }
            var own: [String: String] = [:]
            var conflict: BigCommerceFailure?
            for sku in skus {
                let key = sku.lowercased()
                let holder = own[key] ?? taken[key] ?? (replacing ? nil : skuIndex[key]?.first.flatMap(self.sku(at:)))
                if let holder {
                    conflict = BigCommerceFailure(
                        status: 409,
                        message: "The SKU '\(sku)' is already used by another product or variant ('\(holder)'); "
                            + "SKUs are unique regardless of letter case.",
                        fieldErrors: ["sku": "The SKU '\(sku)' is a duplicate."])
                    break
                }
                own[key] = sku
            }
            if let conflict {
                conflicts.append((index, conflict))
            } else {
                taken.merge(own) { first, _ in first }
            }
        }
        return conflicts
    }

    func allBrands() -> [CatalogBrand] { brands }

    func allCategories() -> [CatalogCategory] { categories }

    /// Makes the emulator list a product's variants' option values in reverse order (case C1), or stop.
    func setReversesOptionValues(_ reverses: Bool, productId: Int) {
        guard let index = productPositions[productId] else { return }
        products[index].details.reversesOptionValues = reverses
    }

    private func makeProduct(_ seed: SeedProduct, at stamp: Date) -> CatalogProduct {
        let productId = nextProductId
        nextProductId += 1
        let details = makeDetails(seed, at: stamp)
        let seedVariants = seed.variants ?? []
        guard !seedVariants.isEmpty else {
            let own = VariantDetails(upc: details.upc, gtin: details.gtin, mpn: details.mpn)
            let base = CatalogVariant(
                id: takeVariantId(), productId: productId, sku: seed.sku, skuId: nil, pricePence: nil,
                inventory: seed.inventoryLevel ?? 0, optionValues: [], details: own)
            return CatalogProduct(
                id: productId, name: seed.name, sku: seed.sku, pricePence: seed.price,
                tracking: Self.tracking(seed, otherwise: .product), productInventory: seed.inventoryLevel ?? 0,
                options: [], variants: [base], dateCreated: stamp, dateModified: stamp, details: details)
        }

        // Options in the order the product names them, then any only its variants mention.
        var optionNames = seed.options ?? []
        for value in seedVariants.flatMap({ $0.optionValues ?? [] }) where !optionNames.contains(value.option) {
            optionNames.append(value.option)
        }
        var options = optionNames.map { name in
            defer { nextOptionId += 1 }
            return CatalogOption(id: nextOptionId, displayName: name, values: [])
        }
        let variants = seedVariants.map { seedVariant in
            let values = (seedVariant.optionValues ?? []).compactMap { seedValue -> VariantOptionValue? in
                guard let index = options.firstIndex(where: { $0.displayName == seedValue.option }) else { return nil }
                let valueId: Int
                if let existing = options[index].values.first(where: { $0.label == seedValue.value }) {
                    valueId = existing.id
                } else {
                    valueId = nextOptionValueId
                    nextOptionValueId += 1
                    options[index].values.append(CatalogOptionValue(id: valueId, label: seedValue.value))
                }
                return VariantOptionValue(
                    id: valueId, label: seedValue.value, optionId: options[index].id,
                    optionDisplayName: options[index].displayName)
            }
            let skuId = nextSkuId
            nextSkuId += 1
            return CatalogVariant(
                id: takeVariantId(), productId: productId, sku: seedVariant.sku ?? "", skuId: skuId,
                pricePence: seedVariant.price, inventory: seedVariant.inventoryLevel ?? 0, optionValues: values,
                details: Self.variantDetails(seedVariant))
        }
        return CatalogProduct(
            id: productId, name: seed.name, sku: seed.sku, pricePence: seed.price,
            tracking: Self.tracking(seed, otherwise: .variant), productInventory: 0, options: options,
            variants: variants, dateCreated: stamp, dateModified: stamp, details: details)
    }

    private func makeDetails(_ seed: SeedProduct, at stamp: Date) -> ProductDetails {
        var details = ProductDetails()
        details.description = seed.description ?? ""
        details.brandId = seed.brand.flatMap { $0.isEmpty ? nil : brandId(named: $0) } ?? 0
        details.categoryIds = (seed.categories ?? []).filter { !$0.isEmpty }.map(categoryId(named:))
        details.upc = seed.upc ?? ""
        details.gtin = seed.gtin ?? ""
        details.mpn = seed.mpn ?? ""
        details.weight = seed.weight ?? 0
        details.width = seed.width ?? 0
        details.height = seed.height ?? 0
        details.depth = seed.depth ?? 0
        details.costPrice = seed.costPrice
        details.salePrice = seed.salePrice
        details.retailPrice = seed.retailPrice
        details.isVisible = seed.isVisible ?? true
        details.searchKeywords = seed.searchKeywords ?? ""
        details.pageTitle = seed.pageTitle ?? ""
        details.metaDescription = seed.metaDescription ?? ""
        details.reversesOptionValues = seed.reverseOptionValues ?? false
        details.omitsVariantOptionNames = seed.omitVariantOptionNames ?? false
        details.images = (seed.images ?? []).enumerated().map { position, image in
            defer { nextImageId += 1 }
            return CatalogImage(
                id: nextImageId, url: image.url, description: image.description ?? "", sortOrder: position,
                isThumbnail: position == 0, dateModified: stamp)
        }
        details.customFields = (seed.customFields ?? []).map { field in
            defer { nextCustomFieldId += 1 }
            return CatalogCustomField(id: nextCustomFieldId, name: field.name, value: field.value)
        }
        return details
    }

    private static func variantDetails(_ seed: SeedVariant) -> VariantDetails {
        VariantDetails(
            upc: seed.upc, gtin: seed.gtin, mpn: seed.mpn, weight: seed.weight, costPrice: seed.costPrice,
            salePrice: seed.salePrice, retailPrice: seed.retailPrice, imageURL: seed.imageUrl ?? "")
    }

    private static func tracking(_ seed: SeedProduct, otherwise fallback: InventoryTracking) -> InventoryTracking {
        seed.inventoryTracking.flatMap(InventoryTracking.init(rawValue:)) ?? fallback
    }

    /// The brand with this name, created when the store has none; names match ignoring case, as
    /// BigCommerce keeps brand names unique.
    private func brandId(named name: String) -> Int {
        if let brand = brands.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) {
            return brand.id
        }
        defer { nextBrandId += 1 }
        brands.append(CatalogBrand(id: nextBrandId, name: name))
        return nextBrandId
    }

    private func categoryId(named name: String) -> Int {
        if let category = categories.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) {
            return category.id
        }
        defer { nextCategoryId += 1 }
        categories.append(CatalogCategory(id: nextCategoryId, name: name))
        return nextCategoryId
    }

    private func takeVariantId() -> Int {
        defer { nextVariantId += 1 }
        return nextVariantId
    }
}
