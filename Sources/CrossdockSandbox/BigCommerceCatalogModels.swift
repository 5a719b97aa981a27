import Foundation

/// What a product says about itself beyond name, SKU, price and stock. Unset values stay unset:
/// the wire writes BigCommerce's default for them (0, "" or null, as the spec has it).
struct ProductDetails: Sendable {
    var description = ""
    /// 0 when the product has no brand.
    var brandId = 0
    var categoryIds: [Int] = []
    var upc = ""
    var gtin = ""
    var mpn = ""
    /// Kilograms, the store's weight unit.
    var weight: Decimal = 0
    /// Centimetres, the store's dimension unit.
    var width: Decimal = 0
    var height: Decimal = 0
    var depth: Decimal = 0
    /// Pence.
    var costPrice: Int?
    var salePrice: Int?
    var retailPrice: Int?
    var isVisible = true
    var searchKeywords = ""
    var pageTitle = ""
    var metaDescription = ""
    var images: [CatalogImage] = []
    var customFields: [CatalogCustomField] = []
    /// Lists each variant's option values in the reverse of the product's option order (case C1).
    var reversesOptionValues = false
    /// Lists each variant's option values by ids and label only, without `option_display_name` (the
    /// spec's minimal shape), so a client has to read the product's options to name them.
    var omitsVariantOptionNames = false
}

/// A variant's own values; nil means it inherits the product's.
struct VariantDetails: Sendable {
    var upc: String?
    var gtin: String?
    var mpn: String?
    var weight: Decimal?
    var costPrice: Int?
    var salePrice: Int?
    var retailPrice: Int?
    var imageURL = ""
}

struct CatalogImage: Sendable {
    let id: Int
    let url: String
    let description: String
    let sortOrder: Int
    let isThumbnail: Bool
    let dateModified: Date
}

struct CatalogCustomField: Sendable {
    let id: Int
    let name: String
    let value: String
}

struct CatalogBrand: Sendable {
    let id: Int
    let name: String
}

/// A top-level category of the store's one category tree.
struct CatalogCategory: Sendable {
    let id: Int
    let name: String
}

extension CatalogProduct {
    /// What a buyer pays for a variant (BigCommerce's `calculated_price`): its sale price, else its
    /// price. A variant without its own price inherits the product's price and sale price; one with
    /// its own price is no longer on the product's sale.
    func sellingPricePence(of variant: CatalogVariant) -> Int {
        let inherited = variant.pricePence == nil ? details.salePrice : nil
        if let sale = variant.details.salePrice ?? inherited, sale > 0 { return sale }
        return pricePence(of: variant)
    }

    /// The product's own `calculated_price`.
    var sellingPricePence: Int {
        if let sale = details.salePrice, sale > 0 { return sale }
        return pricePence
    }

    /// A variant's option values in the order the emulator lists them.
    func listedOptionValues(of variant: CatalogVariant) -> [VariantOptionValue] {
        details.reversesOptionValues ? variant.optionValues.reversed() : variant.optionValues
    }
}
