/// A channel the hub can connect to.
public enum Channel: String, Sendable, Codable, CaseIterable {
    case bigcommerce, amazon, ebay, walmart, tiktok

    public var displayName: String {
        switch self {
        case .bigcommerce: "BigCommerce"
        case .amazon: "Amazon"
        case .ebay: "eBay"
        case .walmart: "Walmart"
        case .tiktok: "TikTok Shop"
        }
    }

    /// The name the hub gives orders from this channel in BigCommerce's `external_source`.
    public var externalSource: String { displayName }
}

/// The inbound and outbound switches of one integration (DESIGN.md §1.1).
public struct IntegrationSettings: Sendable, Codable, Equatable {
    // Inbound
    public var importListings: Bool
    public var importVariationRelationships: Bool
    /// BigCommerce only: its quantities overwrite whatever the hub holds.
    public var inventoryTruth: Bool
    public var importOrders: Bool

    // Outbound
    /// BigCommerce only: create marketplace orders in BigCommerce as Awaiting Fulfillment.
    public var exportOrders: Bool
    /// BigCommerce only: a line whose SKU BigCommerce does not have becomes a custom line instead of
    /// blocking its order.
    public var createCustomLines: Bool
    public var publishListings: Bool
    public var exportTracking: Bool
    public var exportQuantities: Bool
    public var exportPrices: Bool

    public init(
        importListings: Bool = true, importVariationRelationships: Bool = true, inventoryTruth: Bool = false,
        importOrders: Bool = true, exportOrders: Bool = false, createCustomLines: Bool = false,
        publishListings: Bool = false,
        exportTracking: Bool = false, exportQuantities: Bool = false, exportPrices: Bool = false
    ) {
        self.importListings = importListings
        self.importVariationRelationships = importVariationRelationships
        self.inventoryTruth = inventoryTruth
        self.importOrders = importOrders
        self.exportOrders = exportOrders
        self.createCustomLines = createCustomLines
        self.publishListings = publishListings
        self.exportTracking = exportTracking
        self.exportQuantities = exportQuantities
        self.exportPrices = exportPrices
    }

    /// Stage 1 of going live: BigCommerce imports everything and receives marketplace orders.
    public static let bigCommerceDefaults = IntegrationSettings(inventoryTruth: true, exportOrders: true)

    /// Stage 4: a marketplace imports listings and orders and exports tracking; quantities and
    /// prices stay off until the merchant turns them on.
    public static let marketplaceDefaults = IntegrationSettings(publishListings: true, exportTracking: true)

    /// Switches whose flows are not built yet: shown, but they change nothing.
    public static let notYetBuilt: Set<String> = [
        "import_variation_relationships", "publish_listings", "export_prices",
    ]

    /// The names used in forms and the API, in display order, with whether each is outbound.
    public static let switches: [(key: String, label: String, outbound: Bool)] = [
        ("import_listings", "Import listings", false),
        ("import_variation_relationships", "Import variation relationships", false),
        ("inventory_truth", "Use BigCommerce inventory quantities as the source of truth", false),
        ("import_orders", "Import orders", false),
        ("export_orders", "Export all sales-channel orders to BigCommerce", true),
        ("create_custom_lines", "Create custom lines for SKUs BigCommerce does not have", true),
        ("publish_listings", "Publish new listings and update listing properties", true),
        ("export_tracking", "Manage and export order tracking", true),
        ("export_quantities", "Manage and export quantities", true),
        ("export_prices", "Manage and export prices", true),
    ]

    /// Reads or writes a switch by its API name.
    public subscript(key: String) -> Bool? {
        get {
            switch key {
            case "import_listings": importListings
            case "import_variation_relationships": importVariationRelationships
            case "inventory_truth": inventoryTruth
            case "import_orders": importOrders
            case "export_orders": exportOrders
            case "create_custom_lines": createCustomLines
            case "publish_listings": publishListings
            case "export_tracking": exportTracking
            case "export_quantities": exportQuantities
            case "export_prices": exportPrices
            default: nil
            }
        }
        set {
            guard let newValue else { return }
            switch key {
            case "import_listings": importListings = newValue
            case "import_variation_relationships": importVariationRelationships = newValue
            case "inventory_truth": inventoryTruth = newValue
            case "import_orders": importOrders = newValue
            case "export_orders": exportOrders = newValue
            case "create_custom_lines": createCustomLines = newValue
            case "publish_listings": publishListings = newValue
            case "export_tracking": exportTracking = newValue
            case "export_quantities": exportQuantities = newValue
            case "export_prices": exportPrices = newValue
            default: break
            }
        }
    }

    /// Reads stored settings; a switch added after they were saved takes its default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = IntegrationSettings()
        func value(_ key: CodingKeys, _ fallback: Bool) throws -> Bool {
            try container.decodeIfPresent(Bool.self, forKey: key) ?? fallback
        }
        importListings = try value(.importListings, defaults.importListings)
        importVariationRelationships = try value(.importVariationRelationships, defaults.importVariationRelationships)
        inventoryTruth = try value(.inventoryTruth, defaults.inventoryTruth)
        importOrders = try value(.importOrders, defaults.importOrders)
        exportOrders = try value(.exportOrders, defaults.exportOrders)
        createCustomLines = try value(.createCustomLines, defaults.createCustomLines)
        publishListings = try value(.publishListings, defaults.publishListings)
        exportTracking = try value(.exportTracking, defaults.exportTracking)
        exportQuantities = try value(.exportQuantities, defaults.exportQuantities)
        exportPrices = try value(.exportPrices, defaults.exportPrices)
    }

    enum CodingKeys: String, CodingKey {
        case importListings = "import_listings"
        case importVariationRelationships = "import_variation_relationships"
        case inventoryTruth = "inventory_truth"
        case importOrders = "import_orders"
        case exportOrders = "export_orders"
        case createCustomLines = "create_custom_lines"
        case publishListings = "publish_listings"
        case exportTracking = "export_tracking"
        case exportQuantities = "export_quantities"
        case exportPrices = "export_prices"
    }
}

/// A connected channel account.
public struct Integration: Sendable, Equatable {
    public var id: String
    public var channel: Channel
    public var name: String
    public var baseURL: String
    public var tokenURL: String?
    /// Vendor credentials under the vendor's own names. Never logged, never returned by the API.
    public var credentials: [String: String]
    public var settings: IntegrationSettings
    public var lastError: String?

    public init(
        id: String, channel: Channel, name: String, baseURL: String, tokenURL: String?,
        credentials: [String: String], settings: IntegrationSettings, lastError: String? = nil
    ) {
        self.id = id
        self.channel = channel
        self.name = name
        self.baseURL = baseURL
        self.tokenURL = tokenURL
        self.credentials = credentials
        self.settings = settings
        self.lastError = lastError
    }
}
