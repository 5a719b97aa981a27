import CrossdockHTTP
import Foundation
import Testing

/// The emulator's catalogue reads served from each product's rendered JSON: a change of any kind
/// shows on the next read, `include_fields`/`exclude_fields` shape it, and SKUs stay unique
/// regardless of letter case, as in BigCommerce.
@Suite("Sandbox: catalogue wire")
struct SandboxCatalogWireTests {
    static let include = "variants,images,custom_fields"

    private static var family: [String: Any] {
        [
            "sku": "TEE", "name": "Tee", "price": 1_000, "options": ["Color"],
            "images": [["url": "https://cdn.example.com/tee-front.jpg", "description": "Front"]],
            "custom_fields": [["name": "Material", "value": "Cotton"]],
            "variants": [
                ["sku": "TEE-RED", "inventory_level": 4, "option_values": [["option": "Color", "value": "Red"]]],
                ["sku": "TEE-BLUE", "inventory_level": 6, "option_values": [["option": "Color", "value": "Blue"]]],
            ],
        ]
    }

    @Test func servesEveryChangeToAProductOnTheNextRead() async throws {
        try await SandboxHarness.with(seedCatalog: false) { harness in
            let loaded = try await harness.control(
                "POST", "/_control/bigcommerce/catalog", ["products": [Self.family], "list_on_amazon": false])
            #expect(loaded.status == 201, "\(SandboxHarness.text(loaded))")
            var tee = try await Self.readTwice(harness)
            let red = try #require((tee["variants"] as? [[String: Any]])?.first)
            #expect(red["inventory_level"] as? Int == 4)

            // A stock change through the API, one from the control panel, and a rename.
            let adjustment: [String: Any] = [
                "reason": "count", "items": [["location_id": 1, "variant_id": red["id"] as? Int ?? 0, "quantity": 9]],
            ]
            let adjusted = try await harness.bigCommerce("PUT", "/v3/inventory/adjustments/absolute", json: adjustment)
            #expect(adjusted.status == 200)
            tee = try await Self.readTwice(harness)
            #expect((tee["variants"] as? [[String: Any]])?.first?["inventory_level"] as? Int == 9)
            #expect(tee["inventory_level"] as? Int == 15)

            try await harness.control("POST", "/_control/bigcommerce/inventory", ["sku": "TEE-BLUE", "quantity": 1])
            try await harness.control("POST", "/_control/bigcommerce/products/\(tee["id"] as? Int ?? 0)", ["name": "T"])
            tee = try await Self.readTwice(harness)
            #expect((tee["variants"] as? [[String: Any]])?.last?["inventory_level"] as? Int == 1)
            #expect(tee["name"] as? String == "T")
        }
    }

    @Test func shapesProductsAsIncludeFieldsAndExcludeFieldsAsk() async throws {
        try await SandboxHarness.with(seedCatalog: false) { harness in
            try await harness.control(
                "POST", "/_control/bigcommerce/catalog", ["products": [Self.family], "list_on_amazon": false])
            let picked = try #require(
                try await harness.catalogue("include=\(Self.include)&include_fields=name,sku,inventory_level").first)
            let expected: Set = ["id", "name", "sku", "inventory_level", "variants", "images", "custom_fields"]
            #expect(Set(picked.keys) == expected)
            #expect((picked["images"] as? [[String: Any]])?.first?["description"] as? String == "Front")

            let all = try #require(try await harness.catalogue("include=variants").first)
            let trimmed = try #require(
                try await harness.catalogue("include=variants&exclude_fields=description,id").first)
            #expect(Set(all.keys).subtracting(trimmed.keys) == ["description"])

            let single = try SandboxHarness.object(
                try await harness.bigCommerce(
                    "GET", "/v3/catalog/products/\(all["id"] as? Int ?? 0)?include=custom_fields&include_fields=sku"))
            let data = single["data"] as? [String: Any] ?? [:]
            #expect(Set(data.keys) == ["id", "sku", "custom_fields"])
        }
    }

    @Test func refusesASKUAnotherProductOrVariantUsesWhateverItsLetterCase() async throws {
        try await SandboxHarness.with(seedCatalog: false) { harness in
            try await harness.control(
                "POST", "/_control/bigcommerce/catalog", ["products": [Self.family], "list_on_amazon": false])
            let attempts: [[[String: Any]]] = [
                [simpleProduct("tee-red", "Clash with a variant")],
                [simpleProduct("tee", "Clash with a product")],
                [simpleProduct("MUG-1", "Mug"), simpleProduct("mug-1", "Mug again")],
            ]
            for products in attempts {
                let refused = try await harness.control(
                    "POST", "/_control/bigcommerce/catalog", ["products": products, "list_on_amazon": false])
                #expect(refused.status == 409)
                let message = try SandboxHarness.object(refused)["error"] as? String ?? ""
                #expect(message.contains("regardless of letter case"), "\(message)")
            }
            // Nothing of a refused load was added; a SKU of its own is still welcome.
            #expect(try await harness.catalogue("include=variants").map { $0["sku"] as? String } == ["TEE"])
            let accepted = try await harness.control(
                "POST", "/_control/bigcommerce/catalog",
                ["products": [simpleProduct("MUG-1", "Mug")], "list_on_amazon": false])
            #expect(accepted.status == 201)
        }
    }

    /// The product read twice: as the import reads it (served from its rendered JSON) and with
    /// `primary_image` added (rendered afresh); apart from that field the two must be equal.
    private static func readTwice(_ harness: SandboxHarness) async throws -> [String: Any] {
        let served = try #require(try await harness.catalogue("include=\(include)").first)
        var fresh = try #require(try await harness.catalogue("include=\(include),primary_image").first)
        #expect(fresh.removeValue(forKey: "primary_image") != nil)
        let canonical = { (json: [String: Any]) in
            try JSONSerialization.data(withJSONObject: json, options: .sortedKeys)
        }
        #expect(try canonical(served) == canonical(fresh), "the cached and the fresh rendering differ")
        return served
    }
}
