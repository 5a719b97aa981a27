import CrossdockDomain
import CrossdockHTTP
import CrossdockServer
import CrossdockStore
import Foundation
import Testing

@Suite("Hub workspaces")
struct ServerPageTests {
    static let hostileTitle = "Body & More <b>new</b> \"quoted\""
    static let escapedTitle = "Body &amp; More &lt;b&gt;new&lt;/b&gt; &quot;quoted&quot;"

    @Test func hostileTitlesAreEscapedExactlyOnceOnEveryPage() async throws {
        try await ServerTestHub.with { hub in
            try await hub.connectChannels()
            try await hub.store.save(
                Integration(
                    id: "ebay-1", channel: .ebay, name: Self.hostileTitle, baseURL: "http://127.0.0.1:9", tokenURL: nil,
                    credentials: [:], settings: .marketplaceDefaults))
            try await hub.store.setLastError("<script>alert(1)</script>", integrationID: "ebay-1")
            try await hub.importCatalogue(
                [catalogueProduct("C2-1", Self.hostileTitle, id: 1)],
                problems: [
                    ImportProblem(
                        bigCommerceProductID: 2, bigCommerceVariantID: nil, sku: "", title: Self.hostileTitle,
                        issue: CatalogueIssue(code: .skuEmpty, message: "SKU is empty; give the product a SKU."))
                ])
            try await hub.placeOrder("<i>206</i> & co", state: .blocked, reason: "SKU <C2-9> is unknown & blocked.")

            let products = try await hub.page("/products")
            #expect(products.components(separatedBy: Self.escapedTitle).count == 3)  // the row and the problem
            let orders = try await hub.page("/orders")
            #expect(orders.contains("&lt;i&gt;206&lt;/i&gt; &amp; co"))
            #expect(orders.contains("SKU &lt;C2-9&gt; is unknown &amp; blocked."))
            let settings = try await hub.page("/settings/integrations")
            #expect(settings.contains(Self.escapedTitle))
            #expect(settings.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

            for page in [products, orders, settings] {
                #expect(!page.contains("<b>new</b>") && !page.contains("<i>206</i>") && !page.contains("<script>alert"))
                #expect(!page.contains("&amp;amp;") && !page.contains("&amp;lt;"))
            }

            // The API carries the title as it is: escaping belongs to the page.
            let api = try await hub.object("/api/v1/products?search=C2-1")
            #expect((api["data"] as? [[String: Any]])?.first?["title"] as? String == Self.hostileTitle)
        }
    }

    @Test func productsPageShowsProgressVariantsUnderTheirParentAndImportProblems() async throws {
        try await ServerTestHub.with { hub in
            try await hub.connectChannels()
            var parent = catalogueProduct("TEE", "Cotton Tee", id: 5, price: nil, stock: nil)
            parent.isParent = true
            parent.bigCommerceVariantID = nil
            let longSKU = String(repeating: "X", count: 101)
            let tooLong = try #require(SKU(longSKU).importProblem)
            try await hub.importCatalogue(
                [
                    parent,
                    catalogueProduct(
                        "TEE-RED", "Cotton Tee", id: 5, parent: "TEE", options: [.init(option: "Color", value: "Red")]),
                    catalogueProduct("MUG", "Mug", id: 6),
                ],
                problems: [
                    ImportProblem(
                        bigCommerceProductID: 9, bigCommerceVariantID: 90, sku: longSKU, title: "Long one",
                        issue: tooLong)
                ], total: 10, complete: false)

            let page = try await hub.page("/products")
            #expect(page.contains("<progress id=\"import-progress\" value=\"3\" max=\"10\">"))
            #expect(page.contains("id=\"import-state\" class=\"badge importing\""))
            let parentRow = try #require(page.range(of: "<tr class=\"product parent\" data-sku=\"TEE\""))
            let variantRow = try #require(page.range(of: "<tr class=\"product variant\" data-sku=\"TEE-RED\""))
            #expect(parentRow.lowerBound < variantRow.lowerBound)
            #expect(page.contains("Color = Red"))
            #expect(page.contains("class=\"import-problem\" data-code=\"sku_too_long\""))
            #expect(page.contains("SKU is 101 characters; the limit is 100."))

            let searched = try await hub.page("/products?search=mug")
            #expect(searched.contains("data-sku=\"MUG\"") && !searched.contains("data-sku=\"TEE-RED\""))
            #expect(searched.contains("value=\"mug\""))
        }
    }

    @Test func rootLeadsToProducts() async throws {
        try await ServerTestHub.with { hub in
            // URLSession follows the 303, so the answer is the Products page itself.
            let page = try await hub.page("/")
            #expect(page.contains("<h1>Products</h1>"))
        }
    }

    @Test func integrationTileFormSavesOnlyTheChannelsSwitches() async throws {
        try await ServerTestHub.with { hub in
            try await hub.connectChannels()
            let page = try await hub.page("/settings/integrations")
            #expect(page.contains("id=\"go-live-stage\""))
            #expect(page.contains("Catalogue import not started yet"))

            let form = "import_listings=on&import_orders=on&export_tracking=on&export_quantities=on&inventory_truth=on"
            let saved = try await hub.send(
                "POST", "/settings/integrations/amazon-uk",
                headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Data(form.utf8))
            #expect(saved.status == 200)
            #expect(String(decoding: saved.body, as: UTF8.self).contains("Settings saved for Amazon UK."))

            let settings = try #require(try await hub.store.integration(id: "amazon-uk")?.settings)
            #expect(settings.exportQuantities && settings.exportTracking && !settings.inventoryTruth)
            // Switches whose flows are not built yet are shown disabled and left as they were.
            #expect(page.contains("(not available yet)"))
            #expect(settings.publishListings && settings.importVariationRelationships && !settings.exportPrices)
        }
    }

    @Test func blockedOrderRetryButtonQueuesRoutingAndComesBack() async throws {
        try await ServerTestHub.with { hub in
            try await hub.connectChannels()
            let id = try await hub.placeOrder("206-5555555-5555555", state: .blocked, reason: "SKU X is unknown.")

            let page = try await hub.page("/orders")
            #expect(page.contains("<tr class=\"order blocked\" data-order-id=\"\(id)\""))
            #expect(page.contains("action=\"/orders/\(id)/retry\""))
            #expect(!page.contains("Ada Lovelace"))

            let retried = try await hub.send(
                "POST", "/orders/\(id)/retry", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: Data("page=1".utf8))
            #expect(retried.status == 200)
            #expect(String(decoding: retried.body, as: UTF8.self).contains("is queued for routing again"))
            #expect(try await hub.store.order(id: id)?.state == .ready)
        }
    }

    @Test func metricsAreInPrometheusTextFormat() async throws {
        try await ServerTestHub.with { hub in
            try await hub.connectChannels()
            try await hub.importCatalogue([catalogueProduct("MUG", "Mug", id: 1)], total: 4, complete: false)
            try await hub.placeOrder("206-6666666-6666666", state: .blocked)

            let response = try await hub.get("/metrics")
            let text = String(decoding: response.body, as: UTF8.self)
            #expect(response.header("content-type")?.hasPrefix("text/plain; version=0.0.4") == true)
            #expect(
                text.contains(
                    "# TYPE crossdock_catalog_products_imported gauge\ncrossdock_catalog_products_imported 1\n"))
            #expect(text.contains("crossdock_catalog_products_total 4\n"))
            #expect(text.contains("crossdock_orders{state=\"blocked\"} 1\n"))
        }
    }
}
