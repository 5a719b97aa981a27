import Foundation

/// BigCommerce v3 catalogue product with `include=variants,images,custom_fields`, as on the wire.
public struct BigCommerceProduct: Sendable, Decodable {
    public var id: Int
    public var name: String
    public var sku: String?
    public var price: Double?
    public var salePrice: Double?
    public var costPrice: Double?
    public var inventoryLevel: Int?
    public var inventoryTracking: String?
    public var dateModified: String?
    public var brandID: Int?
    public var categories: [Int]?
    public var upc: String?
    public var gtin: String?
    public var mpn: String?
    public var weight: Double?
    public var width: Double?
    public var height: Double?
    public var depth: Double?
    public var variants: [BigCommerceVariant]?
    public var images: [BigCommerceImage]?
    public var customFields: [BigCommerceCustomField]?

    /// The product fields the hub reads, for `include_fields`: BigCommerce then sends these and `id`
    /// (plus the sub-resources of `include`) instead of its 70-odd fields.
    public static let fieldNames = [
        "name", "sku", "price", "sale_price", "cost_price", "inventory_level", "inventory_tracking", "date_modified",
        "brand_id", "categories", "upc", "gtin", "mpn", "weight", "width", "height", "depth",
    ]

    enum CodingKeys: String, CodingKey {
        case id, name, sku, price, variants, categories, upc, gtin, mpn, weight, width, height, depth, images
        case customFields = "custom_fields"
        case salePrice = "sale_price"
        case costPrice = "cost_price"
        case inventoryLevel = "inventory_level"
        case inventoryTracking = "inventory_tracking"
        case dateModified = "date_modified"
        case brandID = "brand_id"
    }
}

public struct BigCommerceVariant: Sendable, Decodable {
    /// One option value of a variant. BigCommerce may send it with its ids and label only; the
    /// option's name then comes from the product's options.
    public struct OptionValue: Sendable, Decodable {
        public var id: Int?
        public var label: String
        public var optionID: Int?
        public var optionDisplayName: String?

        enum CodingKeys: String, CodingKey {
            case id, label
            case optionID = "option_id"
            case optionDisplayName = "option_display_name"
        }
    }

    public var id: Int
    public var productID: Int
    public var sku: String?
    public var price: Double?
    public var salePrice: Double?
    public var costPrice: Double?
    public var inventoryLevel: Int?
    public var upc: String?
    public var gtin: String?
    public var mpn: String?
    public var weight: Double?
    public var width: Double?
    public var height: Double?
    public var depth: Double?
    public var imageURL: String?
    public var optionValues: [OptionValue]

    enum CodingKeys: String, CodingKey {
        case id, sku, price, upc, gtin, mpn, weight, width, height, depth
        case salePrice = "sale_price"
        case costPrice = "cost_price"
        case productID = "product_id"
        case inventoryLevel = "inventory_level"
        case imageURL = "image_url"
        case optionValues = "option_values"
    }
}

/// A product image (`include=images`).
public struct BigCommerceImage: Sendable, Decodable {
    public var id: Int?
    public var urlZoom: String?
    public var urlStandard: String?
    public var description: String?
    public var isThumbnail: Bool?
    public var sortOrder: Int?

    enum CodingKeys: String, CodingKey {
        case id, description
        case urlZoom = "url_zoom"
        case urlStandard = "url_standard"
        case isThumbnail = "is_thumbnail"
        case sortOrder = "sort_order"
    }
}

/// A product custom field (`include=custom_fields`): a name and value the merchant shows on the product page.
public struct BigCommerceCustomField: Sendable, Decodable {
    public var id: Int?
    public var name: String
    public var value: String
}

/// A product's variant option (`GET /v3/catalog/products/{id}/options`) with its values.
public struct BigCommerceProductOption: Sendable, Decodable {
    public struct Value: Sendable, Decodable {
        public var id: Int
        public var label: String
    }

    public var id: Int
    public var displayName: String?
    /// The option's unique internal name, shown when it has no display name.
    public var name: String?
    public var optionValues: [Value]?

    enum CodingKeys: String, CodingKey {
        case id, name
        case displayName = "display_name"
        case optionValues = "option_values"
    }
}

/// `meta.pagination` of a v3 collection.
public struct BigCommercePagination: Sendable, Decodable {
    public var total: Int
    public var count: Int
    public var perPage: Int
    public var currentPage: Int
    public var totalPages: Int

    enum CodingKeys: String, CodingKey {
        case total, count
        case perPage = "per_page"
        case currentPage = "current_page"
        case totalPages = "total_pages"
    }
}

struct BigCommerceCollection<Item: Decodable & Sendable>: Decodable, Sendable {
    struct Meta: Decodable, Sendable {
        var pagination: BigCommercePagination?
    }
    var data: [Item]
    var meta: Meta?
}

struct BigCommerceSingle<Item: Decodable & Sendable>: Decodable, Sendable {
    var data: Item
}

/// A v2 order as read back.
public struct BigCommerceOrder: Sendable, Decodable {
    public var id: Int
    public var statusID: Int
    public var status: String?
    public var externalOrderID: String?
    public var externalSource: String?
    public var currencyCode: String?
    /// Decimal string, as BigCommerce sends money in v2.
    public var totalIncludingTax: String?
    public var dateCreated: String?
    public var dateModified: String?

    enum CodingKeys: String, CodingKey {
        case id, status
        case statusID = "status_id"
        case externalOrderID = "external_order_id"
        case externalSource = "external_source"
        case currencyCode = "currency_code"
        case totalIncludingTax = "total_inc_tax"
        case dateCreated = "date_created"
        case dateModified = "date_modified"
    }
}

/// A v2 order product (line).
public struct BigCommerceOrderProduct: Sendable, Decodable {
    public var id: Int
    public var productID: Int?
    public var variantID: Int?
    public var sku: String?
    public var quantity: Int

    enum CodingKeys: String, CodingKey {
        case id, sku, quantity
        case productID = "product_id"
        case variantID = "variant_id"
    }
}

/// A v2 shipment.
public struct BigCommerceShipment: Sendable, Decodable {
    public struct Item: Sendable, Decodable {
        public var orderProductID: Int
        public var quantity: Int

        enum CodingKeys: String, CodingKey {
            case quantity
            case orderProductID = "order_product_id"
        }
    }

    public var id: Int
    public var orderID: Int
    public var trackingNumber: String?
    public var shippingProvider: String?
    public var trackingCarrier: String?
    public var items: [Item]

    enum CodingKeys: String, CodingKey {
        case id, items
        case orderID = "order_id"
        case trackingNumber = "tracking_number"
        case shippingProvider = "shipping_provider"
        case trackingCarrier = "tracking_carrier"
    }
}

/// What the hub sends to create a v2 order.
public struct BigCommerceOrderRequest: Sendable, Encodable {
    public struct Address: Sendable, Encodable {
        public var firstName: String
        public var lastName: String
        public var street1: String
        public var street2: String?
        public var city: String
        public var state: String?
        public var zip: String
        public var countryISO2: String
        public var email: String
        public var phone: String?

        public init(
            firstName: String, lastName: String, street1: String, street2: String?, city: String, state: String?,
            zip: String, countryISO2: String, email: String, phone: String?
        ) {
            self.firstName = firstName
            self.lastName = lastName
            self.street1 = street1
            self.street2 = street2
            self.city = city
            self.state = state
            self.zip = zip
            self.countryISO2 = countryISO2
            self.email = email
            self.phone = phone
        }

        enum CodingKeys: String, CodingKey {
            case city, state, zip, email, phone
            case firstName = "first_name"
            case lastName = "last_name"
            case street1 = "street_1"
            case street2 = "street_2"
            case countryISO2 = "country_iso2"
        }
    }

    /// A catalogue line (product and variant id) or, where the merchant allows it, a custom line
    /// (name and SKU only).
    public struct Product: Sendable, Encodable {
        public var productID: Int?
        public var variantID: Int?
        public var name: String?
        public var sku: String?
        public var quantity: Int
        /// Unit price in the order's currency, sent as a JSON number with exactly these digits.
        public var priceIncludingTax: Decimal
        public var priceExcludingTax: Decimal

        public init(productID: Int, variantID: Int?, quantity: Int, unitPrice: String) {
            self.productID = productID
            self.variantID = variantID
            self.quantity = quantity
            priceIncludingTax = Decimal(string: unitPrice, locale: Locale(identifier: "en_US_POSIX")) ?? 0
            priceExcludingTax = priceIncludingTax
        }

        /// A line for a SKU BigCommerce does not have.
        public init(customName: String, sku: String, quantity: Int, unitPrice: String) {
            name = customName
            self.sku = sku
            self.quantity = quantity
            priceIncludingTax = Decimal(string: unitPrice, locale: Locale(identifier: "en_US_POSIX")) ?? 0
            priceExcludingTax = priceIncludingTax
        }

        enum CodingKeys: String, CodingKey {
            case quantity, name, sku
            case productID = "product_id"
            case variantID = "variant_id"
            case priceIncludingTax = "price_inc_tax"
            case priceExcludingTax = "price_ex_tax"
        }
    }

    public var statusID: Int
    public var externalSource: String
    public var externalOrderID: String
    public var billingAddress: Address
    public var shippingAddresses: [Address]
    public var products: [Product]
    public var totalIncludingTax: String?
    public var totalExcludingTax: String?

    public init(
        statusID: Int, externalSource: String, externalOrderID: String, billingAddress: Address,
        shippingAddresses: [Address], products: [Product], total: String?
    ) {
        self.statusID = statusID
        self.externalSource = externalSource
        self.externalOrderID = externalOrderID
        self.billingAddress = billingAddress
        self.shippingAddresses = shippingAddresses
        self.products = products
        totalIncludingTax = total
        totalExcludingTax = total
    }

    enum CodingKeys: String, CodingKey {
        case products
        case statusID = "status_id"
        case externalSource = "external_source"
        case externalOrderID = "external_order_id"
        case billingAddress = "billing_address"
        case shippingAddresses = "shipping_addresses"
        case totalIncludingTax = "total_inc_tax"
        case totalExcludingTax = "total_ex_tax"
    }
}
