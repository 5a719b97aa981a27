import CrossdockHTTP
import Foundation
import Testing

@testable import CrossdockSandbox

/// A catalogue seeded from a Shopify CSV as the BigCommerce API shows it (product details, options,
/// brands, categories), the reversed option values of case C1, and the log of requests received.
@Suite("Sandbox: CSV catalogue and request log")
struct SandboxCSVCatalogTests {
    @Test func seedsFromCSVOverHTTPAndShowsEveryDetailAnImporterReads() async throws {
        try await SandboxHarness.with(seedCatalog: false) { harness in
            let response = try await harness.postCSV(Data(SandboxCSVTests.inlineCSV.utf8), query: "replace=true")
            #expect(response.status == 201, "\(SandboxHarness.text(response))")
            let loaded = try SandboxHarness.object(response)
            #expect((loaded["product_count"] as? Int, loaded["variant_count"] as? Int) == (2, 3))
            #expect(loaded["listed_on_amazon"] as? Int == 2)

            let products = try await harness.catalogue("include=variants,images,custom_fields")
            let jacket = try #require(products.first)
            let mug = try #require(products.last)
            #expect(jacket["description"] as? String == "<p>Warm, \"light\"</p>")
            #expect((jacket["price"] as? Double, jacket["sale_price"] as? Double) == (150, 120))
            #expect((jacket["calculated_price"] as? Double, jacket["cost_price"] as? Double) == (120, 0))
            #expect(
                (jacket["weight"] as? Double, jacket["mpn"] as? String, jacket["gtin"] as? String) == (0.85, "", ""))
            #expect((jacket["images"] as? [[String: Any]])?.map { $0["is_thumbnail"] as? Bool } == [true, false])
            #expect((jacket["custom_fields"] as? [[String: Any]])?.first?["value"] as? String == "unisex")
            let variants = jacket["variants"] as? [[String: Any]] ?? []
            #expect(variants.map { $0["upc"] as? String } == ["0012345678905", ""])
            #expect(variants.map { $0["cost_price"] is NSNull } == [true, true])
            #expect((mug["sku"] as? String, mug["is_visible"] as? Bool) == ("'30235", false))
            #expect((mug["inventory_tracking"] as? String, mug["inventory_level"] as? Int) == ("none", 12))

            // Brands and categories hold what the products reference.
            let brands = try SandboxHarness.object(try await harness.bigCommerce("GET", "/v3/catalog/brands"))
            let brandList = brands["data"] as? [[String: Any]] ?? []
            #expect(brandList.map { $0["name"] as? String } == ["Northwind"])
            #expect(brandList.first?["id"] as? Int == jacket["brand_id"] as? Int)
            #expect(mug["brand_id"] as? Int == jacket["brand_id"] as? Int)
            let categories = try SandboxHarness.object(try await harness.bigCommerce("GET", "/v3/catalog/categories"))
            let categoryNames = (categories["data"] as? [[String: Any]] ?? []).map { $0["name"] as? String }
            #expect(categoryNames == ["Jackets", "Kitchen"])
        }
    }

    @Test func listsProductOptionsWhoseIdsMatchTheVariantsOptionValues() async throws {
        try await SandboxHarness.with(seedCatalog: false) { harness in
            _ = try await harness.postCSV(Data(SandboxCSVTests.inlineCSV.utf8))
            let jacket = try #require(try await harness.catalogue("include=variants").first)
            let id = jacket["id"] as? Int ?? 0
            let options = try SandboxHarness.object(
                try await harness.bigCommerce("GET", "/v3/catalog/products/\(id)/options"))
            let option = try #require((options["data"] as? [[String: Any]])?.first)
            #expect(option["display_name"] as? String == "Size")
            let values = option["option_values"] as? [[String: Any]] ?? []
            #expect(values.map { $0["label"] as? String } == ["M", "L"])
            for variant in jacket["variants"] as? [[String: Any]] ?? [] {
                let value = try #require((variant["option_values"] as? [[String: Any]])?.first)
                #expect(value["option_id"] as? Int == option["id"] as? Int)
                let listed = values.first { $0["id"] as? Int == value["id"] as? Int }
                #expect(listed?["label"] as? String == value["label"] as? String)
            }
            let missing = try await harness.bigCommerce("GET", "/v3/catalog/products/\(id)/options/999999")
            #expect(missing.status == 404)
        }
    }

    @Test func refusesABadCSVWithTheLineToFixAndLoadsNothing() async throws {
        try await SandboxHarness.with(seedCatalog: false) { harness in
            let broken = SandboxCSVTests.inlineCSV.replacingOccurrences(of: "125.50", with: "125,50")
            let response = try await harness.postCSV(Data(broken.utf8))
            #expect(response.status == 400)
            let message = try SandboxHarness.object(response)["error"] as? String ?? ""
            #expect(message.hasPrefix("Line 3: the row has 22 fields but the header names 21"), "\(message)")
            #expect(try await harness.catalogue("").isEmpty)

            let json = try await harness.postCSV(Data("{}".utf8), contentType: "application/json")
            #expect(json.status == 415)
            let flag = try await harness.postCSV(Data(SandboxCSVTests.inlineCSV.utf8), query: "replace=maybe")
            #expect(flag.status == 400)
        }
    }

    @Test func listsAVariantsOptionValuesInReverseWhenAsked() async throws {
        try await SandboxHarness.with(seedCatalog: false) { harness in
            let product: [String: Any] = [
                "sku": "TEE", "name": "Tee", "price": 1200, "options": ["Colour", "Size"],
                "reverse_option_values": true,
                "variants": [
                    [
                        "sku": "TEE-RED-S",
                        "option_values": [
                            ["option": "Colour", "value": "Red"], ["option": "Size", "value": "S"],
                        ],
                    ]
                ],
            ]
            let loaded = try await harness.control("POST", "/_control/bigcommerce/catalog", ["products": [product]])
            #expect(loaded.status == 201)
            let tee = try await harness.product(sku: "TEE")
            #expect(try labels(of: tee) == ["S", "Red"])

            let id = tee["id"] as? Int ?? 0
            try await harness.control("POST", "/_control/bigcommerce/products/\(id)", ["reverse_option_values": false])
            #expect(try labels(of: try await harness.product(sku: "TEE")) == ["Red", "S"])
        }
    }

    private func labels(of product: [String: Any]) throws -> [String?] {
        let variant = try #require((product["variants"] as? [[String: Any]])?.first)
        return (variant["option_values"] as? [[String: Any]] ?? []).map { $0["label"] as? String }
    }

    @Test func recordsEveryBigCommerceRequestWithoutTheToken() async throws {
        try await SandboxHarness.with(seedCatalog: false) { harness in
            _ = try await harness.bigCommerce("GET", "/v3/catalog/products?include=variants&sku=A%2BB")
            _ = try await harness.bigCommerce("POST", "/v3/hooks", json: ["scope": "store/order/created"])
            _ = try await harness.bigCommerce("GET", "/v2/orders", token: "wrong")
            try await harness.control("GET", "/_control")

            let log = try SandboxHarness.object(try await harness.control("GET", "/_control/bigcommerce/requests"))
            let requests = log["requests"] as? [[String: Any]] ?? []
            #expect(requests.map { $0["method"] as? String } == ["GET", "POST", "GET"])
            #expect(requests.map { $0["status"] as? Int } == [200, 422, 401])
            #expect(requests.map { $0["sequence"] as? Int } == [1, 2, 3])
            let first = try #require(requests.first)
            #expect(first["path"] as? String == "/bigcommerce/stores/crossdock-demo/v3/catalog/products")
            #expect((first["query"] as? [[String]])?.first == ["include", "variants"])
            let headers = try #require(requests.last?["headers"] as? [String: String])
            #expect(headers["x-auth-token"] == nil && headers["content-type"] == "application/json")
            #expect(requests[1]["body"] as? String == "{\"scope\":\"store\\/order\\/created\"}")

            let newer = try SandboxHarness.object(
                try await harness.control("GET", "/_control/bigcommerce/requests?after=2"))
            #expect((newer["requests"] as? [[String: Any]])?.count == 1)
            #expect(try await harness.control("DELETE", "/_control/bigcommerce/requests").status == 204)
            let cleared = try SandboxHarness.object(try await harness.control("GET", "/_control/bigcommerce/requests"))
            #expect((cleared["requests"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func keepsOnlyTheNewestRequestsWithinItsBounds() async {
        let log = BigCommerceRequestLog(capacity: 3, bodyBudget: 10)
        for index in 1...5 {
            let request = HTTPRequest(method: "GET", rawPath: "/\(index)", headers: ["x-auth-token": "secret"])
            await log.record(request, status: 200, receivedAt: Date(), milliseconds: 1)
        }
        #expect(await log.requests().map(\.path) == ["/3", "/4", "/5"])
        #expect(await log.evicted == 2)
        #expect(await log.requests().allSatisfy { $0.headers["x-auth-token"] == nil })

        // Two bodies of 8 bytes do not fit a budget of 10: the older one gives way.
        let large = HTTPRequest(method: "PUT", rawPath: "/large", body: Data(repeating: 65, count: 8))
        await log.record(large, status: 200, receivedAt: Date(), milliseconds: 1)
        await log.record(large, status: 200, receivedAt: Date(), milliseconds: 1)
        #expect(await log.requests().map(\.sequence) == [7])
        #expect(await log.requests(after: 7).isEmpty)
    }
}

extension SandboxHarness {
    /// The first page of up to 250 products, with `query` added.
    func catalogue(_ query: String) async throws -> [[String: Any]] {
        let response = try await bigCommerce("GET", "/v3/catalog/products?limit=250&\(query)")
        return try SandboxHarness.object(response)["data"] as? [[String: Any]] ?? []
    }
}
