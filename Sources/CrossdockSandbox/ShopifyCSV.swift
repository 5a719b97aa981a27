import Foundation

/// What reading a Shopify CSV gives: the products, and a sentence for each value changed on the way.
struct ShopifyCatalog: Sendable {
    var products: [SeedProduct] = []
    var warnings: [String] = []
}

/// Reads a Shopify product CSV (the columns of Shopify's product export) into seed products.
///
/// Rows sharing a Handle form one product. Its first row names it (Title, Body (HTML), Vendor,
/// Type, Tags, option names); later rows leave Title empty and add a variant, an image or both.
///
/// | Shopify | BigCommerce |
/// |---|---|
/// | Title, Body (HTML) | `name`, `description` |
/// | Vendor, Type | a brand (`brand_id`), a category (`categories`) |
/// | Tags, SEO Title, SEO Description | `search_keywords`, `page_title`, `meta_description` |
/// | Published `false`, Status `draft` or `archived` | `is_visible` false |
/// | Option1..3 Name and Value | options with option values; each variant's `option_values` |
/// | Variant SKU | `sku`, verbatim: a leading apostrophe stays, an empty SKU stays empty |
/// | Variant Price | `price`; under a higher Variant Compare At Price, `sale_price` (and that is `price`) |
/// | Cost per item | `cost_price` |
/// | Variant Grams | `weight` in kilograms |
/// | Variant Inventory Qty and Tracker | `inventory_level`; `inventory_tracking` none when no variant is tracked |
/// | Variant Barcode, Google Shopping / MPN | `upc`, `mpn` |
/// | Other Google Shopping columns | custom fields named after the column |
/// | Image Src, Image Alt Text, Image Position | `images`; Variant Image is the variant's `image_url` |
///
/// A product whose only option is Shopify's `Title` and which has one variant (Shopify's way of
/// writing a product without options, usually `Title: Default Title`) becomes a simple product.
/// Amounts are read exactly in minor units of the store's currency.
enum ShopifyCSV {
    static func read(_ text: String, currency: String) throws(ShopifyCSVError) -> ShopifyCatalog {
        let records: [CSVRecord]
        do {
            records = try CSVParser.parse(text)
        } catch {
            throw ShopifyCSVError(line: error.line, message: error.message)
        }
        guard let header = records.first else {
            throw ShopifyCSVError(line: 1, message: "the file is empty; it needs a header line and product rows.")
        }
        let columns = try ShopifyColumns(header: header)

        // Rows of one handle belong together even when other products' rows come between them.
        var groups: [(handle: String, rows: [ShopifyRow])] = []
        var positions: [String: Int] = [:]
        for record in records.dropFirst() {
            let row = try ShopifyRow(record, columns: columns)
            let handle = row["Handle"]
            guard !handle.isEmpty else {
                throw row.failure("Handle is empty; every row names the product it belongs to in the Handle column.")
            }
            if let index = positions[handle] {
                groups[index].rows.append(row)
            } else {
                positions[handle] = groups.count
                groups.append((handle, [row]))
            }
        }

        var catalog = ShopifyCatalog()
        for group in groups {
            var builder = ShopifyProductBuilder(handle: group.handle, rows: group.rows, currency: currency)
            catalog.products.append(try builder.build())
            catalog.warnings += builder.warnings
        }
        return catalog
    }
}

/// A variant row read, with its option values by option position.
private struct ShopifyVariant {
    let row: ShopifyRow
    var seed: SeedVariant
    let tracked: Bool
    let values: [String]
}

/// Builds one product from the rows of its handle.
private struct ShopifyProductBuilder {
    let handle: String
    let rows: [ShopifyRow]
    let currency: String
    var warnings: [String] = []

    private var first: ShopifyRow { rows[0] }

    mutating func build() throws(ShopifyCSVError) -> SeedProduct {
        let name = try first.text("Title", limit: 250, field: "product name")
        guard !name.isEmpty else {
            throw first.failure(
                "the first row of the product '\(handle)' has no Title; give it one, and leave Title empty only on "
                    + "the rows after it.")
        }
        if let again = rows.dropFirst().first(where: { !$0["Title"].isEmpty }) {
            throw again.failure(
                "the Handle '\(handle)' already names the product on line \(first.line); give this product its own "
                    + "Handle, or leave Title empty on a row that adds a variant or an image.")
        }
        let optionNames = try self.optionNames()
        var variants: [ShopifyVariant] = []
        for row in rows where row.describesVariant {
            variants.append(try variant(row, optionNames: optionNames))
        }
        guard let lead = variants.first else {
            throw first.failure(
                "the product '\(handle)' has no variant row; give its first row at least a Variant Price.")
        }
        try checkCombinations(variants, optionNames: optionNames)

        var product = try describedProduct(name: name)
        product.price = lead.seed.price ?? 0
        product.salePrice = lead.seed.salePrice
        product.costPrice = lead.seed.costPrice
        product.weight = lead.seed.weight
        let named = optionNames.filter { !$0.isEmpty }
        let isSimple = variants.count == 1 && (named.isEmpty || named.map { $0.lowercased() } == ["title"])
        if isSimple {
            product.sku = lead.seed.sku ?? ""
            product.upc = lead.seed.upc
            product.inventoryLevel = lead.seed.inventoryLevel
            product.inventoryTracking = lead.tracked ? "product" : "none"
            return product
        }
        product.options = named
        product.inventoryTracking = variants.contains(where: \.tracked) ? "variant" : "none"
        product.variants = variants.map { variant in
            var seed = variant.seed
            seed.optionValues = zip(optionNames, variant.values).filter { !$0.0.isEmpty }.map {
                SeedOptionValue(option: $0.0, value: $0.1)
            }
            return seed
        }
        return product
    }

    /// The product-level columns of the first row, images and custom fields.
    private func describedProduct(name: String) throws(ShopifyCSVError) -> SeedProduct {
        var product = SeedProduct(sku: "", name: name, price: 0)
        let body = first["Body (HTML)"]
        product.description = body.isEmpty ? nil : body
        let vendor = try first.text("Vendor", limit: 255, field: "brand name")
        product.brand = vendor.isEmpty ? nil : vendor
        let type = try first.text("Type", limit: 50, field: "category name")
        product.categories = type.isEmpty ? nil : [type]
        let mpn = first["Google Shopping / MPN"]
        product.mpn = mpn.isEmpty ? nil : mpn
        product.searchKeywords = first["Tags"]
        product.pageTitle = first["SEO Title"]
        product.metaDescription = first["SEO Description"]
        let published = first["Published"].lowercased() != "false"
        let active = !["draft", "archived"].contains(first["Status"].lowercased())
        product.isVisible = published && active
        product.images = images()
        product.customFields = try customFields()
        return product
    }

    private func optionNames() throws(ShopifyCSVError) -> [String] {
        let names = (1...3).map { first["Option\($0) Name"] }
        for index in 1..<names.count where !names[index].isEmpty && names[index - 1].isEmpty {
            throw first.failure(
                "Option\(index + 1) Name is '\(names[index])' but Option\(index) Name is empty; fill the options "
                    + "from Option1 on.")
        }
        let present = names.filter { !$0.isEmpty }
        if Set(present.map { $0.lowercased() }).count != present.count {
            throw first.failure("two options have the same name; give each option of '\(handle)' its own name.")
        }
        for row in rows.dropFirst() {
            for (index, name) in names.enumerated() {
                let written = row["Option\(index + 1) Name"]
                guard written.isEmpty || written == name else {
                    throw row.failure(
                        "Option\(index + 1) Name '\(written)' differs from '\(name)' on the product's first row "
                            + "(line \(first.line)); leave it empty on later rows or write the same name.")
                }
            }
        }
        return names
    }

    private mutating func variant(_ row: ShopifyRow, optionNames: [String]) throws(ShopifyCSVError)
        -> ShopifyVariant
    {
        var values: [String] = []
        for (index, name) in optionNames.enumerated() {
            let column = "Option\(index + 1) Value"
            let value = row[column]
            if name.isEmpty && !value.isEmpty {
                throw row.failure(
                    "\(column) is '\(value)' but the product's first row (line \(first.line)) has no "
                        + "Option\(index + 1) Name; name the option there or leave this value empty.")
            }
            if !name.isEmpty && value.isEmpty {
                throw row.failure(
                    "\(column) is empty; the product '\(handle)' has the option '\(name)', so every variant needs "
                        + "a value for it.")
            }
            values.append(value)
        }

        guard let price = try row.amount("Variant Price", currency: currency) else {
            throw row.failure("Variant Price is empty; every variant needs a price, like 19.99.")
        }
        var seed = SeedVariant()
        seed.sku = try row.text("Variant SKU", limit: 255, field: "SKU")
        // Shopify's compare-at price is the struck-through regular price; BigCommerce writes that
        // as the price, with what the buyer pays as the sale price.
        if let compareAt = try row.amount("Variant Compare At Price", currency: currency), compareAt > price {
            seed.price = compareAt
            seed.salePrice = price
        } else {
            seed.price = price
        }
        seed.costPrice = try row.amount("Cost per item", currency: currency)
        seed.weight = try row.kilograms()
        let quantity = try row.quantity()
        if let quantity, quantity < 0 {
            warnings.append(
                "Line \(row.line): Variant Inventory Qty \(quantity) is below 0; BigCommerce holds 0 instead.")
        }
        seed.inventoryLevel = quantity.map { max(0, $0) }
        let barcode = try row.text("Variant Barcode", limit: 14, field: "UPC")
        seed.upc = barcode.isEmpty ? nil : barcode
        seed.imageUrl = row["Variant Image"].isEmpty ? nil : row["Variant Image"]
        let tracked =
            row.columns.contains("Variant Inventory Tracker")
            ? !row["Variant Inventory Tracker"].isEmpty : quantity != nil
        return ShopifyVariant(row: row, seed: seed, tracked: tracked, values: values)
    }

    private func checkCombinations(_ variants: [ShopifyVariant], optionNames: [String]) throws(ShopifyCSVError) {
        if variants.count > 1, optionNames.allSatisfy(\.isEmpty) {
            throw variants[1].row.failure(
                "the product '\(handle)' has \(variants.count) variants but its first row names no option; give "
                    + "it an Option1 Name (like Size) and each variant an Option1 Value.")
        }
        var seen: [[String]: Int] = [:]
        for variant in variants {
            if let line = seen[variant.values] {
                let described = zip(optionNames, variant.values).filter { !$0.0.isEmpty }
                    .map { "\($0.0) \($0.1)" }.joined(separator: ", ")
                throw variant.row.failure(
                    "this variant has the same option values (\(described)) as the one on line \(line); each "
                        + "variant of '\(handle)' needs its own combination.")
            }
            seen[variant.values] = variant.row.line
        }
    }

    /// Every distinct Image Src of the product, by Image Position where given, else in file order.
    private func images() -> [SeedImage] {
        var seen: Set<String> = []
        var found: [(position: Int, order: Int, image: SeedImage)] = []
        for row in rows {
            let url = row["Image Src"].trimmingCharacters(in: .whitespaces)
            guard !url.isEmpty, seen.insert(url).inserted else { continue }
            let position = Int(row["Image Position"].trimmingCharacters(in: .whitespaces)) ?? Int.max
            let alt = row["Image Alt Text"]
            found.append((position, found.count, SeedImage(url: url, description: alt.isEmpty ? nil : alt)))
        }
        return found.sorted { ($0.position, $0.order) < ($1.position, $1.order) }.map(\.image)
    }

    /// The product's Google Shopping values other than the MPN, as custom fields.
    private func customFields() throws(ShopifyCSVError) -> [SeedCustomField] {
        let prefix = "google shopping / "
        var fields: [SeedCustomField] = []
        for column in first.columns.names where column.lowercased().hasPrefix(prefix) {
            let name = String(column.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.lowercased() != "mpn" else { continue }
            let value = try first.text(column, limit: 250, field: "custom field value")
            if !value.isEmpty { fields.append(SeedCustomField(name: name, value: value)) }
        }
        return fields
    }
}
