import Foundation

/// A product in the seed format of `seed-catalog.json` (see docs/demo-data.md); prices in pence.
/// The control API loads catalogues in the same format, and a Shopify CSV is read into it.
///
/// Everything after `variants` is optional and unset by default: `brand` and `categories` are
/// names (created in the store when new), `weight` is in the store's kilograms, the dimensions in
/// centimetres, and `inventory_tracking` overrides the default (`product` for a simple product,
/// `variant` for one with options). `reverse_option_values` makes the emulator list each
/// variant's `option_values` in the reverse of the product's option order, as BigCommerce may (case C1);
/// `omit_variant_option_names` lists them without `option_display_name`, so that only the product's
/// options name them.
struct SeedProduct: Codable, Sendable {
    var sku: String
    var name: String
    var price: Int
    var inventoryLevel: Int?
    var options: [String]?
    var variants: [SeedVariant]?
    var description: String?
    var brand: String?
    var categories: [String]?
    var upc: String?
    var gtin: String?
    var mpn: String?
    var weight: Decimal?
    var width: Decimal?
    var height: Decimal?
    var depth: Decimal?
    var costPrice: Int?
    var salePrice: Int?
    var retailPrice: Int?
    var isVisible: Bool?
    var searchKeywords: String?
    var pageTitle: String?
    var metaDescription: String?
    var images: [SeedImage]?
    var customFields: [SeedCustomField]?
    var inventoryTracking: String?
    var reverseOptionValues: Bool?
    var omitVariantOptionNames: Bool?
}

struct SeedVariant: Codable, Sendable {
    /// May be empty: BigCommerce stores can hold variants without a SKU.
    var sku: String?
    var price: Int?
    var inventoryLevel: Int?
    var optionValues: [SeedOptionValue]?
    var upc: String?
    var gtin: String?
    var mpn: String?
    var weight: Decimal?
    var costPrice: Int?
    var salePrice: Int?
    var retailPrice: Int?
    var imageUrl: String?
}

/// A product image by its address; the sandbox never fetches it.
struct SeedImage: Codable, Sendable {
    var url: String
    var description: String?
}

struct SeedCustomField: Codable, Sendable {
    var name: String
    var value: String
}

struct SeedOptionValue: Codable, Sendable {
    var option: String
    var value: String
}

/// An order in the seed format of `seed-orders.json`; unit prices in minor units.
struct SeedOrder: Codable, Sendable {
    var invoice: String
    var placedAt: String
    var countryCode: String?
    var buyer: SeedBuyer
    var lines: [SeedOrderLine]
}

/// A made-up buyer; never logged.
struct SeedBuyer: Codable, Sendable {
    var name: String
    var addressLine1: String?
    var city: String?
    var postalCode: String?
    var countryCode: String?
}

struct SeedOrderLine: Codable, Sendable {
    var sku: String
    var quantity: Int
    var unitPrice: Int
}

/// Reads the seed files bundled with the module.
enum SeedData {
    private struct CatalogFile: Decodable {
        var currency: String?
        var products: [SeedProduct]
    }

    private struct OrdersFile: Decodable {
        var currency: String?
        var orders: [SeedOrder]
    }

    static func catalog() throws -> [SeedProduct] {
        try decode(CatalogFile.self, resource: "seed-catalog").products
    }

    static func orders() throws -> (currency: String, orders: [SeedOrder]) {
        let file = try decode(OrdersFile.self, resource: "seed-orders")
        return (file.currency ?? "GBP", file.orders)
    }

    private static func decode<T: Decodable>(_ type: T.Type, resource: String) throws -> T {
        let url =
            Bundle.module.url(forResource: resource, withExtension: "json", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: resource, withExtension: "json")
        guard let url else {
            throw SandboxError(description: "the sandbox seed file \(resource).json is missing from the module bundle")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(T.self, from: Data(contentsOf: url))
        } catch {
            throw SandboxError(description: "the sandbox seed file \(resource).json could not be read: \(error)")
        }
    }
}

/// A failure to set up or start the sandbox, as a sentence.
public struct SandboxError: Error, CustomStringConvertible {
    public let description: String
}
