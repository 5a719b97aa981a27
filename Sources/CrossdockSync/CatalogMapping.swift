import CrossdockConnectors
import CrossdockDomain
import Foundation

/// Turns BigCommerce products into catalogue entries and import problems. Pure: no I/O.
public enum CatalogMapping {
    public struct Result: Sendable {
        public var products: [CatalogProduct] = []
        public var problems: [ImportProblem] = []
    }

    public static func map(_ products: [BigCommerceProduct], currency: String) -> Result {
        var result = Result()
        for product in products {
            map(product, currency: currency, into: &result)
        }
        return result
    }

    private static func map(_ product: BigCommerceProduct, currency: String, into result: inout Result) {
        let tracking = InventoryTracking(rawValue: product.inventoryTracking ?? "none") ?? .none
        let variants = product.variants ?? []
        // BigCommerce gives a simple product one base variant without option values.
        let optioned = variants.filter { !$0.optionValues.isEmpty }

        guard !optioned.isEmpty else {
            let base = variants.first
            add(
                sku: product.sku ?? base?.sku ?? "", title: product.name, parent: nil, isParent: false,
                productID: product.id, variantID: base?.id, options: [], price: product.price ?? base?.price,
                level: tracking == .none ? nil : product.inventoryLevel, tracking: tracking,
                attributes: attributes(product, base, currency), currency: currency, into: &result)
            return
        }

        let parentSKU = product.sku ?? ""
        let parentProblem = SKU(parentSKU).importProblem
        if parentProblem == nil {
            add(
                sku: parentSKU, title: product.name, parent: nil, isParent: true, productID: product.id, variantID: nil,
                options: [], price: product.price, level: nil, tracking: tracking,
                attributes: attributes(product, nil, currency), currency: currency, into: &result)
        }
        for variant in optioned {
            // Option values are kept by option (id, then name), never by position: variants may list
            // them in any order (case C1), and every variant of a product ends up in the same order.
            let options = variant.optionValues.sorted(by: optionOrder).map {
                OptionValue(option: $0.optionDisplayName, value: $0.label)
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
                attributes: attributes(product, variant, currency), currency: currency, into: &result)
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
        return first.optionDisplayName < second.optionDisplayName
    }

    /// A variant's own values where it has them, its product's otherwise. Empty strings are unset.
    private static func attributes(_ product: BigCommerceProduct, _ variant: BigCommerceVariant?, _ currency: String)
        -> CatalogAttributes
    {
        func text(_ values: String?...) -> String? { values.compactMap { $0 }.first { !$0.isEmpty } }
        return CatalogAttributes(
            brandID: product.brandID.flatMap { $0 == 0 ? nil : $0 }, categoryIDs: product.categories ?? [],
            upc: text(variant?.upc, product.upc), gtin: text(variant?.gtin, product.gtin),
            mpn: text(variant?.mpn, product.mpn), weight: variant?.weight ?? product.weight,
            width: variant?.width ?? product.width, height: variant?.height ?? product.height,
            depth: variant?.depth ?? product.depth,
            cost: (variant?.costPrice ?? product.costPrice).map { money($0, currency) },
            salePrice: (variant?.salePrice ?? product.salePrice).flatMap { $0 > 0 ? money($0, currency) : nil },
            imageURL: text(variant?.imageURL))
    }

    /// BigCommerce sends prices as JSON numbers; rounding to the currency's digits recovers the
    /// decimal the merchant typed.
    static func money(_ value: Double, _ currency: String) -> Money {
        var scale = 1.0
        for _ in 0..<Money.exponent(of: currency) { scale *= 10 }
        return Money(minorUnits: Int((value * scale).rounded()), currency: currency)
    }
}
