import CrossdockConnectors
import CrossdockDomain
import Foundation

/// Turns BigCommerce products into catalogue entries and import problems. Pure: no I/O.
public enum CatalogMapping {
    public struct Result: Sendable {
        public var products: [CatalogProduct] = []
        public var problems: [ImportProblem] = []
    }

    /// Maps products; `options` holds the variant options read for the products that
    /// `productsNeedingOptions` named, by product id.
    public static func map(
        _ products: [BigCommerceProduct], currency: String, options: [Int: [BigCommerceProductOption]] = [:]
    ) -> Result {
        var result = Result()
        for product in products {
            map(product, currency: currency, options: options[product.id] ?? [], into: &result)
        }
        return result
    }

    /// The products whose variants do not name all their options: an option value without a
    /// display name whose option id no other value of the product names. Only these need
    /// `GET /v3/catalog/products/{id}/options`; a variant's `option_values` name the rest.
    public static func productsNeedingOptions(_ products: [BigCommerceProduct]) -> [Int] {
        products.filter { product in
            let values = (product.variants ?? []).flatMap(\.optionValues)
            let named = optionNames(of: values)
            return values.contains { value in
                !(value.optionDisplayName ?? "").isEmpty ? false : value.optionID.flatMap { named[$0] } == nil
            }
        }.map(\.id)
    }

    /// Option names by option id, from the option values that carry them.
    private static func optionNames(of values: [BigCommerceVariant.OptionValue]) -> [Int: String] {
        var names: [Int: String] = [:]
        for value in values {
            if let id = value.optionID, let name = value.optionDisplayName, !name.isEmpty { names[id] = name }
        }
        return names
    }

    private static func map(
        _ product: BigCommerceProduct, currency: String, options: [BigCommerceProductOption], into result: inout Result
    ) {
        let tracking = InventoryTracking(rawValue: product.inventoryTracking ?? "none") ?? .none
        let shared = Shared(images: images(product), customFields: customFields(product))
        let variants = product.variants ?? []
        // BigCommerce gives a simple product one base variant without option values.
        let optioned = variants.filter { !$0.optionValues.isEmpty }

        guard !optioned.isEmpty else {
            let base = variants.first
            add(
                sku: product.sku ?? base?.sku ?? "", title: product.name, parent: nil, isParent: false,
                productID: product.id, variantID: base?.id, options: [], price: product.price ?? base?.price,
                level: tracking == .none ? nil : product.inventoryLevel, tracking: tracking,
                attributes: attributes(product, base, currency, shared), currency: currency, into: &result)
            return
        }

        let parentSKU = product.sku ?? ""
        let parentProblem = SKU(parentSKU).importProblem
        if parentProblem == nil {
            add(
                sku: parentSKU, title: product.name, parent: nil, isParent: true, productID: product.id, variantID: nil,
                options: [], price: product.price, level: nil, tracking: tracking,
                attributes: attributes(product, nil, currency, shared), currency: currency, into: &result)
        }
        // Names from the variants themselves first, then from the product's options where read.
        var names: [Int: String] = [:]
        for option in options {
            if let name = [option.displayName, option.name].compactMap({ $0 }).first(where: { !$0.isEmpty }) {
                names[option.id] = name
            }
        }
        names.merge(optionNames(of: optioned.flatMap(\.optionValues))) { _, fromVariants in fromVariants }
        for variant in optioned {
            // Option values are kept by option (id, then name), never by position: variants may list
            // them in any order (case C1), and every variant of a product ends up in the same order.
            let options = variant.optionValues.sorted(by: optionOrder).map { value in
                let name = value.optionDisplayName.flatMap { $0.isEmpty ? nil : $0 }
                return OptionValue(option: name ?? value.optionID.flatMap { names[$0] } ?? "", value: value.label)
            }
            let level: Int? =
                switch tracking {
                case .variant: variant.inventoryLevel
                case .product: product.inventoryLevel
                case .none: nil
                }
            add(
                sku: variant.sku ?? "", title: product.name, parent: parentProblem == nil ? SKU(parentSKU) : nil,
                isParent: false, productID: product.id, variantID: variant.id, options: options,
                price: variant.price ?? product.price, level: level, tracking: tracking,
                attributes: attributes(product, variant, currency, shared), currency: currency, into: &result)
        }
    }

    private static func add(
        sku: String, title: String, parent: SKU?, isParent: Bool, productID: Int, variantID: Int?,
        options: [OptionValue], price: Double?, level: Int?, tracking: InventoryTracking,
        attributes: CatalogAttributes, currency: String, into result: inout Result
    ) {
        let sku = SKU(sku)
        if let problem = sku.importProblem {
            result.problems.append(
                ImportProblem(
                    bigCommerceProductID: productID, bigCommerceVariantID: variantID, sku: sku.value, title: title,
                    issue: problem))
            return
        }
        result.products.append(
            CatalogProduct(
                sku: sku, title: title, parentSKU: parent, isParent: isParent, bigCommerceProductID: productID,
                bigCommerceVariantID: variantID, optionValues: options, price: price.map { money($0, currency) },
                inventoryLevel: level, inventoryTracking: tracking, warnings: sku.warnings, attributes: attributes))
    }

    private static func optionOrder(_ first: BigCommerceVariant.OptionValue, _ second: BigCommerceVariant.OptionValue)
        -> Bool
    {
        if let left = first.optionID, let right = second.optionID, left != right { return left < right }
        return (first.optionDisplayName ?? "") < (second.optionDisplayName ?? "")
    }

    /// What every entry of a product carries alike.
    private struct Shared {
        var images: [ProductImage]?
        var customFields: [CustomField]?
    }

    /// A variant's own values where it has them, its product's otherwise. Empty strings are unset.
    private static func attributes(
        _ product: BigCommerceProduct, _ variant: BigCommerceVariant?, _ currency: String, _ shared: Shared
    ) -> CatalogAttributes {
        func text(_ values: String?...) -> String? { values.compactMap { $0 }.first { !$0.isEmpty } }
        return CatalogAttributes(
            brandID: product.brandID.flatMap { $0 == 0 ? nil : $0 }, categoryIDs: product.categories ?? [],
            upc: text(variant?.upc, product.upc), gtin: text(variant?.gtin, product.gtin),
            mpn: text(variant?.mpn, product.mpn), weight: variant?.weight ?? product.weight,
            width: variant?.width ?? product.width, height: variant?.height ?? product.height,
            depth: variant?.depth ?? product.depth,
            cost: (variant?.costPrice ?? product.costPrice).map { money($0, currency) },
            salePrice: (variant?.salePrice ?? product.salePrice).flatMap { $0 > 0 ? money($0, currency) : nil },
            imageURL: text(variant?.imageURL), images: shared.images, customFields: shared.customFields)
    }

    /// The product's images in the merchant's order (`sort_order`), each by its standard-size address.
    private static func images(_ product: BigCommerceProduct) -> [ProductImage]? {
        let images = (product.images ?? []).enumerated().sorted { first, second in
            let (left, right) = (first.element.sortOrder ?? first.offset, second.element.sortOrder ?? second.offset)
            return left != right ? left < right : first.offset < second.offset
        }.compactMap { _, image -> ProductImage? in
            guard let url = [image.urlStandard, image.urlZoom].compactMap({ $0 }).first(where: { !$0.isEmpty }) else {
                return nil
            }
            let description = image.description.flatMap { $0.isEmpty ? nil : $0 }
            return ProductImage(url: url, description: description, isThumbnail: image.isThumbnail ?? false)
        }
        return images.isEmpty ? nil : images
    }

    private static func customFields(_ product: BigCommerceProduct) -> [CustomField]? {
        let fields = (product.customFields ?? []).map { CustomField(name: $0.name, value: $0.value) }
        return fields.isEmpty ? nil : fields
    }

    /// BigCommerce sends prices as JSON numbers; rounding to the currency's digits recovers the
    /// decimal the merchant typed.
    static func money(_ value: Double, _ currency: String) -> Money {
        var scale = 1.0
        for _ in 0..<Money.exponent(of: currency) { scale *= 10 }
        return Money(minorUnits: Int((value * scale).rounded()), currency: currency)
    }
}
