import CrossdockDomain

extension ProductsPage {
    /// A row's details: what BigCommerce says about the product beyond price and stock, folded
    /// away; only values BigCommerce has are listed, so an unset cost is absent, not 0.
    static func details(_ product: CatalogProduct) -> HTML {
        let attributes = product.attributes
        var entries: [(String, HTML)] = []
        func add(_ label: String, _ value: String?) {
            if let value { entries.append((label, "\(value)")) }
        }
        add("Brand id", attributes.brandID.map(String.init))
        add(
            "Category ids",
            attributes.categoryIDs.isEmpty ? nil : attributes.categoryIDs.map(String.init).joined(separator: ", "))
        add("UPC", attributes.upc)
        add("GTIN", attributes.gtin)
        add("MPN", attributes.mpn)
        add("Weight", attributes.weight.map { "\(Self.number($0)) kg" })
        let dimensions = [attributes.width, attributes.height, attributes.depth]
        if dimensions.contains(where: { $0 != nil }) {
            add(
                "Width × height × depth", dimensions.map { $0.map(Self.number) ?? "—" }.joined(separator: " × ") + " cm"
            )
        }
        add("Cost", attributes.cost.map { "\($0.decimalString) \($0.currency)" })
        add("Sale price", attributes.salePrice.map { "\($0.decimalString) \($0.currency)" })
        if let url = attributes.imageURL { entries.append(("Variant image", link(url, text: url))) }
        if let images = attributes.images {
            let items = images.map { image -> HTML in
                let thumbnail: HTML = image.isThumbnail ? " <span class=\"badge\">thumbnail</span>" : .empty
                return "<li>\(link(image.url, text: image.description ?? image.url))\(thumbnail)</li>"
            }
            entries.append(("Images", "<ol class=\"images\">\(items)</ol>"))
        }
        if let fields = attributes.customFields {
            let items = fields.map { field -> HTML in "<li><b>\(field.name)</b>: \(field.value)</li>" }
            entries.append(("Custom fields", "<ul class=\"custom-fields\">\(items)</ul>"))
        }
        guard !entries.isEmpty else { return .empty }
        let list = entries.map { label, value -> HTML in "<dt>\(label)</dt><dd>\(value)</dd>" }
        return "<details class=\"product-details\"><summary>Details</summary><dl>\(list)</dl></details>"
    }

    /// A link for web addresses only: anything else (a `javascript:` address, say) is shown as text.
    private static func link(_ url: String, text: String) -> HTML {
        let lowered = url.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") else { return "\(text)" }
        return "<a href=\"\(url)\" rel=\"noreferrer noopener\" target=\"_blank\">\(text)</a>"
    }

    /// 0.85, 12, 1.5: as few digits as the value needs.
    private static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
