/// One option value of a variant, matched by option name (never by position).
public struct OptionValue: Hashable, Sendable, Codable {
    public let option: String
    public let value: String

    public init(option: String, value: String) {
        self.option = option
        self.value = value
    }
}

/// How BigCommerce tracks a product's stock.
public enum InventoryTracking: String, Sendable, Codable {
    case none, product, variant
}

/// A catalogue entry as the hub holds it: a simple product, a parent, or a parent's variant.
public struct CatalogProduct: Sendable, Equatable {
    public var sku: SKU
    public var title: String
    /// The parent's SKU for a variant; nil for simple products and parents.
    public var parentSKU: SKU?
    /// A parent groups variants and is not sold itself.
    public var isParent: Bool
    public var bigCommerceProductID: Int
    /// The variant id for variants and simple products (their base variant); nil for parents.
    public var bigCommerceVariantID: Int?
    public var optionValues: [OptionValue]
    /// Nil when the store has no price for it; an unset value is not zero.
    public var price: Money?
    /// BigCommerce's quantity; nil when it does not track this product's stock.
    public var inventoryLevel: Int?
    public var inventoryTracking: InventoryTracking
    public var warnings: [CatalogueIssue]

    public init(
        sku: SKU, title: String, parentSKU: SKU? = nil, isParent: Bool = false, bigCommerceProductID: Int,
        bigCommerceVariantID: Int?, optionValues: [OptionValue] = [], price: Money?, inventoryLevel: Int?,
        inventoryTracking: InventoryTracking, warnings: [CatalogueIssue] = []
    ) {
        self.sku = sku
        self.title = title
        self.parentSKU = parentSKU
        self.isParent = isParent
        self.bigCommerceProductID = bigCommerceProductID
        self.bigCommerceVariantID = bigCommerceVariantID
        self.optionValues = optionValues
        self.price = price
        self.inventoryLevel = inventoryLevel
        self.inventoryTracking = inventoryTracking
        self.warnings = warnings
    }

    /// True for what a marketplace sells: simple products and variants.
    public var isSellable: Bool { !isParent }
}

/// A BigCommerce product or variant that could not be imported, with the reason.
public struct ImportProblem: Sendable, Equatable {
    public var bigCommerceProductID: Int
    public var bigCommerceVariantID: Int?
    public var sku: String
    public var title: String
    public var issue: CatalogueIssue

    public init(
        bigCommerceProductID: Int, bigCommerceVariantID: Int?, sku: String, title: String, issue: CatalogueIssue
    ) {
        self.bigCommerceProductID = bigCommerceProductID
        self.bigCommerceVariantID = bigCommerceVariantID
        self.sku = sku
        self.title = title
        self.issue = issue
    }
}
