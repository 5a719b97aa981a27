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

/// A product image as BigCommerce lists it: the address of its standard size, in the merchant's order.
public struct ProductImage: Sendable, Equatable, Codable {
    public var url: String
    /// The merchant's alternative text; nil when there is none.
    public var description: String?
    /// Whether BigCommerce shows it as the product's thumbnail.
    public var isThumbnail: Bool

    public init(url: String, description: String? = nil, isThumbnail: Bool = false) {
        self.url = url
        self.description = description
        self.isThumbnail = isThumbnail
    }

    enum CodingKeys: String, CodingKey {
        case url, description
        case isThumbnail = "is_thumbnail"
    }
}

/// A custom field of a product: a name and value the merchant shows on the product page.
public struct CustomField: Sendable, Equatable, Codable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// Product data the hub keeps from BigCommerce beyond identity, price and stock. Every field is
/// optional: a value BigCommerce does not have stays unset (a missing cost is not 0).
public struct CatalogAttributes: Sendable, Equatable, Codable {
    public var brandID: Int?
    public var categoryIDs: [Int]
    public var upc: String?
    public var gtin: String?
    public var mpn: String?
    /// In the store's weight unit.
    public var weight: Double?
    public var width: Double?
    public var height: Double?
    public var depth: Double?
    public var cost: Money?
    public var salePrice: Money?
    /// The variant's own image.
    public var imageURL: String?
    /// The product's images in BigCommerce's order; nil when it has none.
    public var images: [ProductImage]?
    /// The product's custom fields; nil when it has none.
    public var customFields: [CustomField]?

    public init(
        brandID: Int? = nil, categoryIDs: [Int] = [], upc: String? = nil, gtin: String? = nil, mpn: String? = nil,
        weight: Double? = nil, width: Double? = nil, height: Double? = nil, depth: Double? = nil, cost: Money? = nil,
        salePrice: Money? = nil, imageURL: String? = nil, images: [ProductImage]? = nil,
        customFields: [CustomField]? = nil
    ) {
        self.brandID = brandID
        self.categoryIDs = categoryIDs
        self.upc = upc
        self.gtin = gtin
        self.mpn = mpn
        self.weight = weight
        self.width = width
        self.height = height
        self.depth = depth
        self.cost = cost
        self.salePrice = salePrice
        self.imageURL = imageURL
        self.images = images
        self.customFields = customFields
    }

    enum CodingKeys: String, CodingKey {
        case upc, gtin, mpn, weight, width, height, depth, cost, images
        case customFields = "custom_fields"
        case brandID = "brand_id"
        case categoryIDs = "category_ids"
        case salePrice = "sale_price"
        case imageURL = "image_url"
    }
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
    public var attributes: CatalogAttributes

    public init(
        sku: SKU, title: String, parentSKU: SKU? = nil, isParent: Bool = false, bigCommerceProductID: Int,
        bigCommerceVariantID: Int?, optionValues: [OptionValue] = [], price: Money?, inventoryLevel: Int?,
        inventoryTracking: InventoryTracking, warnings: [CatalogueIssue] = [],
        attributes: CatalogAttributes = CatalogAttributes()
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
        self.attributes = attributes
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
