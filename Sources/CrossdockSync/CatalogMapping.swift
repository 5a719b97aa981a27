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
                level: tracking == .none ? nil : product.inventoryLevel, tracking: tracking, currency: currency,
                into: &result)
            return
        }

        let parentSKU = product.sku ?? ""
        let parentProblem = SKU(parentSKU).importProblem
        if parentProblem == nil {
            add(
                sku: parentSKU, title: product.name, parent: nil, isParent: true, productID: product.id, variantID: nil,
                options: [], price: product.price, level: nil, tracking: tracking, currency: currency, into: &result)
        }
        for variant in optioned {
            // Option values are matched by their option's name, whatever order they come in (case C1).
            let options = variant.optionValues.map { OptionValue(option: $0.optionDisplayName, value: $0.label) }
            let level: Int? =
                switch tracking {
                case .variant: variant.inventoryLevel
                case .product: product.inventoryLevel
                case .none: nil
                }
            add(
                sku: variant.sku ?? "", title: product.name, parent: parentProblem == nil ? SKU(parentSKU) : nil,
                isParent: false, productID: product.id, variantID: variant.id, options: options,
                price: variant.price ?? product.price, level: level, tracking: tracking, currency: currency,
                into: &result)
        }
    }

    private static func add(
        sku: String, title: String, parent: SKU?, isParent: Bool, productID: Int, variantID: Int?,
        options: [OptionValue], price: Double?, level: Int?, tracking: InventoryTracking, currency: String,
        into result: inout Result
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
                inventoryLevel: level, inventoryTracking: tracking, warnings: sku.warnings))
    }

    /// BigCommerce sends prices as JSON numbers; rounding to the currency's digits recovers the
    /// decimal the merchant typed.
    static func money(_ value: Double, _ currency: String) -> Money {
        var scale = 1.0
        for _ in 0..<Money.exponent(of: currency) { scale *= 10 }
        return Money(minorUnits: Int((value * scale).rounded()), currency: currency)
    }
}
