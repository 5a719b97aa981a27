import CrossdockConnectors
import CrossdockDomain
import CrossdockStore
import CrossdockSync
import Foundation
import Testing

/// Catalogue import and incremental sync against the BigCommerce emulator.
@Suite("Catalogue sync", .serialized)
struct CatalogueSyncTests {
    /// 200 simple products: 40 pages of 5.
    private static var fortyPages: [[String: Any]] {
        (1...200).map { simpleProduct(String(format: "P-%04d", $0), "Product \($0)") }
    }

    @Test func retriesThrottledPageAndImportsEveryProductOnce() async throws {
        let bed = try await WorkflowTestBed.start(catalogue: Self.fortyPages) { $0.catalogPageSize = 5 }
        defer { Task { await bed.stop() } }
        // R1: BigCommerce answers 429 with a reset of 1.5 s on page 7 of 40.
        try await bed.control(
            "POST", "/_control/bigcommerce/faults",
            ["status": 429, "count": 1, "reset_ms": 1500, "path_contains": "&page=7&"])
        let started = Date()
        try await bed.connectBigCommerce()
        try await eventually("the import completes", seconds: 30) {
            try await bed.store.catalogImport().state == .complete
        }

        #expect(Date().timeIntervalSince(started) >= 1.4)
        let page = try await bed.store.products(limit: 500)
        #expect(page.total == 200)
        #expect(Set(page.products.map(\.sku.value)).count == 200)
        let progress = try await bed.store.catalogImport()
        #expect(progress.imported == 200 && progress.total == 200)
        let traffic = try await bed.control("GET", "/_control/bigcommerce/traffic") as? [String: Any]
        #expect(traffic?["faulted"] as? Int == 1)
    }

    @Test func asksForAtMost250ProductsAPageWhateverItIsConfiguredFor() async throws {
        // R2: BigCommerce's limit is 250 (10 with options, which the hub never asks for).
        let bed = try await WorkflowTestBed.start(catalogue: Self.fortyPages) { $0.catalogPageSize = 1000 }
        defer { Task { await bed.stop() } }
        try await bed.connectBigCommerce()
        try await eventually("the import completes") { try await bed.store.catalogImport().state == .complete }

        let pages = try await bed.bigCommerceRequests().filter {
            ($0["path"] as? String)?.hasSuffix("/products") == true
                && ($0["query"] as? [[String]] ?? []).contains { $0.first == "page" }
        }
        #expect(!pages.isEmpty)
        for page in pages {
            let query = (page["query"] as? [[String]] ?? []).reduce(into: [String: String]()) { $0[$1[0]] = $1[1] }
            #expect(Int(query["limit"] ?? "") ?? 0 <= 250)
            #expect(query["include"] == "variants,images,custom_fields")
        }
        // Every variant names its options, so no product's options were read.
        let paths = try await bed.bigCommerceRequests().compactMap { $0["path"] as? String }
        #expect(!paths.contains { $0.hasSuffix("/options") })
    }

    @Test func importsImagesAndCustomFieldsAndLeavesThemUnsetWhereThereAreNone() async throws {
        var tee = familyProduct("TEE", "Tee", variants: [("TEE-RED", "Red", 4), ("TEE-BLUE", "Blue", 6)])
        tee["images"] = [
            ["url": "https://cdn.example.com/tee-back.jpg", "description": "Back"],
            ["url": "https://cdn.example.com/tee-front.jpg"],
        ]
        tee["custom_fields"] = [["name": "Material", "value": "Cotton"], ["name": "Fit", "value": "Relaxed"]]
        let bed = try await WorkflowTestBed.start(catalogue: [tee, simpleProduct("MUG", "Mug")])
        defer { Task { await bed.stop() } }
        try await bed.connectBigCommerce(webhooks: false)
        try await eventually("the import completes") { try await bed.store.catalogImport().state == .complete }

        let images = [
            ProductImage(url: "https://cdn.example.com/tee-back.jpg", description: "Back", isThumbnail: true),
            ProductImage(url: "https://cdn.example.com/tee-front.jpg"),
        ]
        let fields = [CustomField(name: "Material", value: "Cotton"), CustomField(name: "Fit", value: "Relaxed")]
        for sku in ["TEE", "TEE-RED", "TEE-BLUE"] {
            let attributes = try #require(try await bed.store.product(sku: sku)).attributes
            #expect(attributes.images == images)
            #expect(attributes.customFields == fields)
        }
        let mug = try #require(try await bed.store.product(sku: "MUG")).attributes
        #expect(mug.images == nil && mug.customFields == nil)
    }

    @Test func readsTheOptionsOfAProductOnlyWhenItsVariantsDoNotNameThem() async throws {
        var unnamed = familyProduct("CAP", "Cap", variants: [("CAP-RED", "Red", 1), ("CAP-BLUE", "Blue", 2)])
        unnamed["omit_variant_option_names"] = true
        let named = familyProduct("TEE", "Tee", variants: [("TEE-RED", "Red", 4)])
        let bed = try await WorkflowTestBed.start(catalogue: [named, unnamed])
        defer { Task { await bed.stop() } }
        try await bed.connectBigCommerce(webhooks: false)
        try await eventually("the import completes") { try await bed.store.catalogImport().state == .complete }

        let capID = try #require(try await bed.bigCommerceProductID(sku: "CAP"))
        let paths = try await bed.bigCommerceRequests().compactMap { $0["path"] as? String }
        #expect(paths.filter { $0.hasSuffix("/options") }.map { $0.hasSuffix("/products/\(capID)/options") } == [true])
        #expect(try await bed.store.product(sku: "CAP-BLUE")?.optionValues == [.init(option: "Color", value: "Blue")])
        #expect(try await bed.store.product(sku: "TEE-RED")?.optionValues == [.init(option: "Color", value: "Red")])
    }

    @Test func leavesTheConfiguredShareOfTheQuotaToOtherApps() async throws {
        let bed = try await WorkflowTestBed.start(
            catalogue: Self.fortyPages,
            configure: {
                $0.catalogPageSize = 5
                $0.bigCommerceQuotaShare = 0.5
            },
            sandbox: {
                $0.rateLimitTimeScale = 1
                $0.bigCommercePlan = .custom(quota: 20, windowMs: 400)
            })
        defer { Task { await bed.stop() } }
        try await bed.connectBigCommerce(webhooks: false)
        try await eventually("the import completes", seconds: 30) {
            try await bed.store.catalogImport().state == .complete
        }
        let traffic = try await bed.control("GET", "/_control/bigcommerce/traffic") as? [String: Any]
        #expect(traffic?["throttled"] as? Int == 0)
        // 41 requests at half of 20 per 400 ms span at least three windows; the whole quota would need
        // only two (and the sandbox would have refused anything beyond it).
        let times = try await bed.bigCommerceRequests().compactMap { $0["received_at"] as? String }
            .compactMap(DateFormats.parseISO8601)
        let first = try #require(times.min())
        let last = try #require(times.max())
        #expect(times.count >= 41)
        #expect(last.timeIntervalSince(first) >= 1.1, "took \(last.timeIntervalSince(first)) s")
    }

    @Test func manyPagesInFlightStayWithinTheQuotaAtEveryWindowsEnd() async throws {
        // 41 requests against 12 per window: three window ends, each met with 8 pages requested at once.
        let bed = try await WorkflowTestBed.start(
            catalogue: Self.fortyPages,
            configure: {
                $0.catalogPageSize = 5
                $0.catalogPagesInFlight = 8
            },
            sandbox: {
                $0.rateLimitTimeScale = 1
                $0.bigCommercePlan = .custom(quota: 12, windowMs: 300)
            })
        defer { Task { await bed.stop() } }
        try await bed.connectBigCommerce(webhooks: false)
        try await eventually("the import completes", seconds: 30) {
            try await bed.store.catalogImport().state == .complete
        }
        let traffic = try await bed.control("GET", "/_control/bigcommerce/traffic") as? [String: Any]
        #expect(traffic?["throttled"] as? Int == 0)
        #expect(try await bed.store.products(limit: 500).total == 200)
    }

    @Test func productModifiedDuringImportEndsInItsNewestStateByWebhook() async throws {
        try await modifiedDuringImport(webhooks: true)
    }

    @Test func productModifiedDuringImportEndsInItsNewestStateByPollWhenTheWebhookIsLost() async throws {
        try await modifiedDuringImport(webhooks: false)
    }

    /// R4: a product already imported is renamed while the import is still paging.
    private func modifiedDuringImport(webhooks: Bool) async throws {
        let bed = try await WorkflowTestBed.start(catalogue: Self.fortyPages) {
            $0.catalogPageSize = 5
            $0.catalogPollSeconds = 0.5
        }
        defer { Task { await bed.stop() } }
        try await bed.control(
            "POST", "/_control/bigcommerce/faults",
            ["count": 1, "delay_ms": 800, "path_contains": "&page=20&"])
        try await bed.connectBigCommerce(webhooks: webhooks)
        try await eventually("page 1 is imported") { try await bed.store.product(sku: "P-0001") != nil }
        let id = try #require(try await bed.bigCommerceProductID(sku: "P-0001"))
        try await bed.control("POST", "/_control/bigcommerce/products/\(id)", ["name": "Renamed while importing"])
        #expect(try await bed.store.catalogImport().state == .importing)

        try await eventually("the import completes", seconds: 30) {
            try await bed.store.catalogImport().state == .complete
        }
        try await eventually("the product shows its newest name", seconds: 15) {
            try await bed.store.product(sku: "P-0001")?.title == "Renamed while importing"
        }
        #expect(try await bed.store.products(limit: 500).total == 200)
    }

    @Test func updatedEventForAProductTheHubHasNotSeenFetchesAndStoresIt() async throws {
        let bed = try await WorkflowTestBed.start(catalogue: [simpleProduct("21733", "Red Hanging Heart")])
        defer { Task { await bed.stop() } }
        try await bed.connectBigCommerce()
        try await eventually("the import completes") { try await bed.store.catalogImport().state == .complete }

        // W2 for the catalogue: the first event the hub hears of a new product is an update.
        try await bed.control(
            "POST", "/_control/bigcommerce/catalog",
            ["products": [simpleProduct("NEW-1", "Late arrival")], "replace": false, "list_on_amazon": false])
        let account = try await bed.accounts()["bigcommerce"] ?? [:]
        let token = (account["credentials"] as? [String: Any])?["access_token"] as? String ?? ""
        let listing = try await bed.http.send(
            "GET", (account["base_url"] as? String ?? "") + "/v3/catalog/products?sku=NEW-1",
            headers: [("X-Auth-Token", token)])
        let data = (try JSONSerialization.jsonObject(with: listing.body) as? [String: Any])?["data"] as? [[String: Any]]
        let id = try #require(data?.first?["id"] as? Int)
        try await bed.control("POST", "/_control/bigcommerce/products/\(id)", ["name": "Late arrival, renamed"])

        try await eventually("the product is stored") {
            try await bed.store.product(sku: "NEW-1")?.title == "Late arrival, renamed"
        }
    }

    @Test func awkwardSKUsRoundTripThroughImportRoutingAndQuantityPushes() async throws {
        // S1–S3 and S6: spaces, slashes, reserved characters and a leading apostrophe, kept verbatim.
        let skus = ["AB 12  GOLD", "DE-3602/4", "HX-1(3,6x19cm)", "Bolt#32+A", "'30235"]
        let bed = try await WorkflowTestBed.start(catalogue: skus.map { simpleProduct($0, "Item \($0)", stock: 9) })
        defer { Task { await bed.stop() } }
        try await bed.connectBigCommerce()
        try await bed.connectAmazon()
        try await eventually("the import completes") { try await bed.store.catalogImport().state == .complete }
        try await eventually("listings are imported") {
            try await bed.store.listings(integrationID: "amazon").count == skus.count
        }
        for sku in skus {
            #expect(try await bed.store.product(sku: sku)?.sku.value == sku)
        }
        #expect(try await bed.store.product(sku: "'30235")?.warnings.contains { $0.code == .skuApostrophe } == true)
        try await bed.engine.setSwitch("export_quantities", to: true, integrationID: "amazon")

        let orderID = try await bed.placeAmazonOrder(lines: skus.map { ($0, 1, 100) })
        try await eventually("the order is routed") {
            try await bed.hubOrder(marketplaceOrderID: orderID)?.state == .routed
        }
        for (index, sku) in skus.enumerated() {
            try await bed.control("POST", "/_control/bigcommerce/inventory", ["sku": sku, "quantity": 20 + index])
        }
        for (index, sku) in skus.enumerated() {
            try await eventually("Amazon shows \(20 + index) for \(sku)") {
                try await bed.amazonQuantity(sku: sku) == 20 + index
            }
        }
    }
}

@Suite("Catalogue mapping")
struct CatalogueMappingTests {
    private func product(_ json: String) throws -> BigCommerceProduct {
        try JSONDecoder().decode(BigCommerceProduct.self, from: Data(json.utf8))
    }

    @Test func optionValuesAreMatchedByOptionNotPosition() throws {
        // C1: the second variant lists its option values in the other order.
        let mapped = CatalogMapping.map(
            [
                try product(
                    """
                    {"id": 7, "name": "Tee", "sku": "TEE", "price": 10, "inventory_tracking": "variant",
                     "variants": [
                       {"id": 1, "product_id": 7, "sku": "TEE-R-S", "inventory_level": 2, "option_values": [
                         {"id": 11, "option_id": 100, "option_display_name": "Color", "label": "Red"},
                         {"id": 21, "option_id": 200, "option_display_name": "Size", "label": "S"}]},
                       {"id": 2, "product_id": 7, "sku": "TEE-B-M", "inventory_level": 3, "option_values": [
                         {"id": 22, "option_id": 200, "option_display_name": "Size", "label": "M"},
                         {"id": 12, "option_id": 100, "option_display_name": "Color", "label": "Blue"}]}]}
                    """)
            ], currency: "GBP")
        let variants = mapped.products.filter { !$0.isParent }
        #expect(variants.count == 2)
        #expect(variants[0].optionValues == [.init(option: "Color", value: "Red"), .init(option: "Size", value: "S")])
        #expect(variants[1].optionValues == [.init(option: "Color", value: "Blue"), .init(option: "Size", value: "M")])
        #expect(variants.allSatisfy { $0.parentSKU == SKU("TEE") })
    }

    @Test func asksForOptionsOnlyWhereNoVariantNamesAnOption() throws {
        func shirt(_ id: Int, names: (String?, String?)) throws -> BigCommerceProduct {
            func value(_ valueID: Int, _ name: String?, _ label: String) -> String {
                let named = name.map { #", "option_display_name": "\#($0)""# } ?? ""
                return #"{"id": \#(valueID), "option_id": 100, "label": "\#(label)"\#(named)}"#
            }
            return try product(
                """
                {"id": \(id), "name": "Shirt", "sku": "SH-\(id)", "variants": [
                  {"id": 1, "product_id": \(id), "sku": "SH-\(id)-R", "option_values": [\(value(11, names.0, "Red"))]},
                  {"id": 2, "product_id": \(id), "sku": "SH-\(id)-B",
                   "option_values": [\(value(12, names.1, "Blue"))]}]}
                """)
        }
        let products = [
            try shirt(1, names: ("Color", "Color")), try shirt(2, names: ("Color", nil)),
            try shirt(3, names: ("", nil)),
        ]
        // The second product's other variant names option 100; nothing names it in the third.
        #expect(CatalogMapping.productsNeedingOptions(products) == [3])
        let mapped = CatalogMapping.map(products, currency: "GBP")
        #expect(
            mapped.products.first { $0.sku.value == "SH-2-B" }?.optionValues == [.init(option: "Color", value: "Blue")])
    }

    @Test func unsetValuesStayUnset() throws {
        let mapped = CatalogMapping.map(
            [
                try product(
                    """
                    {"id": 8, "name": "Mug", "sku": "MUG", "price": 4.5, "cost_price": null, "sale_price": 0,
                     "upc": "", "mpn": "M-1", "weight": 0.4, "brand_id": 0, "categories": [23],
                     "inventory_tracking": "none", "variants": [{"id": 5, "product_id": 8, "sku": "MUG",
                     "option_values": []}]}
                    """)
            ], currency: "GBP")
        let mug = try #require(mapped.products.first)
        #expect(mug.attributes.cost == nil)
        #expect(mug.attributes.salePrice == nil)
        #expect(mug.attributes.upc == nil)
        #expect(mug.attributes.mpn == "M-1")
        #expect(mug.attributes.brandID == nil)
        #expect(mug.attributes.categoryIDs == [23])
        #expect(mug.inventoryLevel == nil)
        #expect(mug.price == Money(minorUnits: 450, currency: "GBP"))
    }
}
