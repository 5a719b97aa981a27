import CrossdockHTTP
import CrossdockSandbox
import Foundation
import Testing

/// The BigCommerce emulator and the control API, driven over HTTP.
@Suite("Sandbox: BigCommerce and control API")
struct SandboxTests {
    @Test func controlListsBothAccounts() async throws {
        try await SandboxHarness.with { harness in
            let base = harness.sandbox.baseURL
            #expect(harness.bigCommerceBase == "\(base)/bigcommerce/stores/crossdock-demo")
            #expect(harness.accessToken.count >= 20)
            #expect(harness.amazonBase == "\(base)/amazon")
            #expect(harness.tokenURL == "\(base)/amazon/auth/o2/token")
            #expect(harness.marketplaceId == "A1F83G8C2ARO7P")
            for key in ["client_id", "client_secret", "refresh_token", "seller_id"] {
                #expect(!(harness.amazonCredentials[key] ?? "").isEmpty, "missing \(key)")
            }
        }
    }

    @Test func pagesTheSeededCatalogueExactlyOnce() async throws {
        try await SandboxHarness.with { harness in
            var ids: [Int] = []
            var page = 1
            var total = 0
            while true {
                let response = try await harness.bigCommerce(
                    "GET", "/v3/catalog/products?include=variants&limit=250&page=\(page)")
                #expect(response.status == 200)
                #expect(response.header("X-Rate-Limit-Requests-Quota") == "150")
                let body = try SandboxHarness.object(response)
                let data = body["data"] as? [[String: Any]] ?? []
                let pagination = try #require((body["meta"] as? [String: Any])?["pagination"] as? [String: Any])
                total = pagination["total"] as? Int ?? 0
                #expect(pagination["per_page"] as? Int == 250)
                #expect(pagination["current_page"] as? Int == page)
                #expect(pagination["count"] as? Int == data.count)
                #expect(pagination["total_pages"] as? Int == (total + 249) / 250)
                let links = pagination["links"] as? [String: Any] ?? [:]
                #expect(links["current"] as? String == "?page=\(page)&limit=250")
                ids += data.compactMap { $0["id"] as? Int }
                guard links["next"] != nil else { break }
                page += 1
            }
            #expect(total == 2412)
            #expect(ids.count == total)
            #expect(Set(ids).count == ids.count)
            #expect(page == 10)
        }
    }

    @Test func describesSimpleAndVariantProductsAsBigCommerceDoes() async throws {
        try await SandboxHarness.with { harness in
            let simple = try await harness.product(sku: "10002")
            #expect(simple["inventory_tracking"] as? String == "product")
            #expect(simple["price"] as? Double == 0.85)
            let base = try #require((simple["variants"] as? [[String: Any]])?.first)
            #expect(base["id"] as? Int == simple["base_variant_id"] as? Int)
            #expect((base["option_values"] as? [Any])?.isEmpty == true)

            let family = try await harness.product(sku: "FAM-15044")
            #expect(family["inventory_tracking"] as? String == "variant")
            let variants = family["variants"] as? [[String: Any]] ?? []
            #expect(variants.count == 4)
            #expect(
                family["inventory_level"] as? Int == variants.compactMap { $0["inventory_level"] as? Int }.reduce(0, +))
            let option = try #require((variants.first?["option_values"] as? [[String: Any]])?.first)
            #expect(option["option_display_name"] as? String == "Color")
            #expect(option["label"] as? String == "Pink")
            #expect(family["date_modified"] as? String != nil)
        }
    }

    @Test func treatsLargerLimitsAs250AndCapsPagesWithOptionsAt10() async throws {
        try await SandboxHarness.with { harness in
            let large = try SandboxHarness.object(
                try await harness.bigCommerce("GET", "/v3/catalog/products?limit=300"))
            let largePagination = (large["meta"] as? [String: Any])?["pagination"] as? [String: Any]
            #expect(largePagination?["per_page"] as? Int == 250)
            #expect((large["data"] as? [Any])?.count == 250)

            let options = try SandboxHarness.object(
                try await harness.bigCommerce("GET", "/v3/catalog/products?include=variants,options&limit=250"))
            #expect((options["data"] as? [Any])?.count == 10)
        }
    }

    @Test func refusesWrongTokenAndUnknownStore() async throws {
        try await SandboxHarness.with { harness in
            let v3 = try await harness.bigCommerce("GET", "/v3/catalog/products", token: "wrong")
            #expect(v3.status == 401)
            let problem = try SandboxHarness.object(v3)
            #expect(problem["status"] as? Int == 401)
            #expect(problem["title"] as? String != nil)
            #expect(problem["type"] as? String != nil)
            #expect(problem["errors"] as? [String: Any] != nil)

            let v2 = try await harness.bigCommerce("GET", "/v2/orders", token: "")
            #expect(v2.status == 401)
            #expect(try SandboxHarness.array(v2).first?["status"] as? Int == 401)

            let otherStore = harness.bigCommerceBase.replacingOccurrences(of: "crossdock-demo", with: "other-store")
            let wrongStore = try await harness.http.send(
                "GET", otherStore + "/v3/catalog/products", headers: [("X-Auth-Token", harness.accessToken)])
            #expect(wrongStore.status == 404)
        }
    }

    @Test func findsOrdersByExternalIdAndAnswers204WhenNothingMatches() async throws {
        try await SandboxHarness.with { harness in
            let product = try await harness.product(sku: "22423")
            let productId = try #require(product["id"] as? Int)
            let order = try await harness.createOrder(
                externalOrderId: "202-1234567-7654321", lines: [(productId, nil, 2)])
            #expect(order["status_id"] as? Int == 11)
            #expect(order["status"] as? String == "Awaiting Fulfillment")
            #expect(order["total_inc_tax"] as? String == "5.9000")
            #expect((order["date_created"] as? String)?.hasSuffix("+0000") == true)

            let found = try await harness.bigCommerce("GET", "/v2/orders?external_order_id=202-1234567-7654321")
            #expect(try SandboxHarness.array(found).map { $0["id"] as? Int } == [order["id"] as? Int])

            let none = try await harness.bigCommerce("GET", "/v2/orders?external_order_id=nothing-like-it")
            #expect(none.status == 204)
            #expect(none.body.isEmpty)

            // D1: an RFC 2822 filter works when its `+` is encoded, and is refused when it arrives as a space.
            let encoded = PercentEncoding.encode("Mon, 15 Apr 2024 10:41:59 +0000")
            #expect(try await harness.bigCommerce("GET", "/v2/orders?min_date_modified=\(encoded)").status == 200)
            let raw = "Mon,%2015%20Apr%202024%2010:41:59%20+0000"
            #expect(try await harness.bigCommerce("GET", "/v2/orders?min_date_modified=\(raw)").status == 400)

            let products = try await harness.bigCommerce("GET", "/v2/orders/\(order["id"] as? Int ?? 0)/products")
            let line = try #require(try SandboxHarness.array(products).first)
            #expect(line["product_id"] as? Int == productId)
            #expect(line["sku"] as? String == "22423")
            #expect(line["quantity_shipped"] as? Int == 0)
        }
    }

    @Test func orderTakesStockAndTellsWebhookSubscribers() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        try await SandboxHarness.with { harness in
            for scope in ["store/sku/*", "store/order/created"] {
                let hook = try await harness.bigCommerce(
                    "POST", "/v3/hooks",
                    json: ["scope": scope, "destination": receiver.url, "headers": ["X-Secret": "s3cret"]])
                #expect(hook.status == 200)
            }
            let family = try await harness.product(sku: "FAM-15044")
            let variant = try #require(
                (family["variants"] as? [[String: Any]])?.first { $0["sku"] as? String == "15044B" })
            let before = try #require(variant["inventory_level"] as? Int)
            let variantId = try #require(variant["id"] as? Int)

            _ = try await harness.createOrder(
                externalOrderId: "202-0000001-0000001", lines: [(family["id"] as? Int ?? 0, variantId, 3)])

            let after = try await harness.bigCommerce("GET", "/v3/catalog/variants?sku=15044B")
            let data = try SandboxHarness.object(after)["data"] as? [[String: Any]]
            #expect(data?.first?["inventory_level"] as? Int == before - 3)

            #expect(try await SandboxHarness.waitUntil { await receiver.deliveries().count >= 2 })
            let deliveries = await receiver.deliveries()
            let inventory = try #require(
                deliveries.first { $0.body["scope"] as? String == "store/sku/inventory/order/updated" })
            #expect(inventory.headers["x-secret"] == "s3cret")
            let detail = (inventory.body["data"] as? [String: Any])?["inventory"] as? [String: Any]
            #expect(detail?["variant_id"] as? Int == variantId)
            #expect(detail?["value"] as? Int == before - 3)
            #expect(detail?["method"] as? String == "absolute")
            #expect(inventory.body["producer"] as? String == "stores/crossdock-demo")
            #expect((inventory.body["hash"] as? String)?.count == 40)
            #expect(deliveries.contains { $0.body["scope"] as? String == "store/order/created" })
        }
    }

    @Test func merchantStockEditIsAnnouncedAndCanBeDeliveredThreeTimes() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        try await SandboxHarness.with { harness in
            let hook = try await harness.bigCommerce(
                "POST", "/v3/hooks", json: ["scope": "store/product/inventory/updated", "destination": receiver.url])
            #expect(hook.status == 200)
            // W1: the same event (same hash) arrives three times, two of them at the same moment.
            let fault = try await harness.control(
                "POST", "/_control/bigcommerce/webhooks/faults", ["copies": 3, "count": 1])
            #expect(fault.status == 201)
            let edit = try await harness.control(
                "POST", "/_control/bigcommerce/inventory", ["sku": "10002", "quantity": -1])
            #expect(edit.status == 200)

            #expect(try await SandboxHarness.waitUntil { await receiver.deliveries().count >= 3 })
            let bodies = await receiver.deliveries().map(\.body)
            #expect(Set(bodies.compactMap { $0["hash"] as? String }).count == 1)
            let inventory = (bodies.first?["data"] as? [String: Any])?["inventory"] as? [String: Any]
            #expect(inventory?["value"] as? Int == -1)
            #expect(try await harness.product(sku: "10002")["inventory_level"] as? Int == -1)
        }
    }

    @Test func productEditMovesDateModifiedForDeltaPolls() async throws {
        try await SandboxHarness.with { harness in
            let product = try await harness.product(sku: "10080")
            let id = try #require(product["id"] as? Int)
            let before = try #require(product["date_modified"] as? String)
            try await Task.sleep(nanoseconds: 1_100_000_000)
            let edit = try await harness.control(
                "POST", "/_control/bigcommerce/products/\(id)", ["name": "Cactus", "price": 45])
            #expect(edit.status == 200)

            let after = try await harness.product(sku: "10080")
            #expect(after["name"] as? String == "Cactus")
            #expect(after["price"] as? Double == 0.45)
            let modified = try #require(after["date_modified"] as? String)
            #expect(modified > before)
            let query = PercentEncoding.query([("date_modified:min", modified)])
            let changed = try SandboxHarness.object(
                try await harness.bigCommerce("GET", "/v3/catalog/products?\(query)"))
            #expect((changed["data"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [id])
        }
    }

    @Test func shipsFromTheControlPanelAndMovesTheOrderToShipped() async throws {
        try await SandboxHarness.with { harness in
            let productId = try #require(try await harness.product(sku: "22423")["id"] as? Int)
            let order = try await harness.createOrder(
                externalOrderId: "202-7777777-0000001", lines: [(productId, nil, 3)])
            let orderId = try #require(order["id"] as? Int)
            #expect(try await harness.bigCommerce("GET", "/v2/orders/\(orderId)/shipments").status == 204)

            let lineId = try #require(
                try SandboxHarness.array(try await harness.bigCommerce("GET", "/v2/orders/\(orderId)/products")).first?[
                    "id"]
                    as? Int)
            let partial = try await harness.control(
                "POST", "/_control/bigcommerce/orders/\(orderId)/ship",
                [
                    "tracking_number": "RM000000001GB", "shipping_provider": "royalmail",
                    "items": [["order_product_id": lineId, "quantity": 2]],
                ])
            #expect(partial.status == 201)
            let status = try SandboxHarness.object(try await harness.bigCommerce("GET", "/v2/orders/\(orderId)"))
            #expect(status["status_id"] as? Int == 3)

            _ = try await harness.control(
                "POST", "/_control/bigcommerce/orders/\(orderId)/ship",
                ["tracking_number": "RM000000002GB", "shipping_provider": "royalmail"])
            let shipped = try SandboxHarness.object(try await harness.bigCommerce("GET", "/v2/orders/\(orderId)"))
            #expect(shipped["status_id"] as? Int == 2)
            let shipments = try SandboxHarness.array(
                try await harness.bigCommerce("GET", "/v2/orders/\(orderId)/shipments"))
            #expect(shipments.map { $0["tracking_number"] as? String } == ["RM000000001GB", "RM000000002GB"])
            let items = shipments.last?["items"] as? [[String: Any]]
            #expect(items?.first?["quantity"] as? Int == 1)
            #expect(items?.first?["product_id"] as? Int == productId)
        }
    }

    @Test func answers429WhenThePlanQuotaIsSpent() async throws {
        try await SandboxHarness.with(
            seedCatalog: false, configure: { $0.bigCommercePlan = .custom(quota: 5, windowMs: 4000) }
        ) {
            harness in
            for left in (0..<5).reversed() {
                let response = try await harness.bigCommerce("GET", "/v3/catalog/products")
                #expect(response.status == 200)
                #expect(response.header("X-Rate-Limit-Requests-Left") == String(left))
                #expect(response.header("X-Rate-Limit-Time-Window-Ms") == "4000")
            }
            // Control calls do not use the quota.
            #expect(try await harness.control("GET", "/_control").status == 200)
            let throttled = try await harness.bigCommerce("GET", "/v2/orders")
            #expect(throttled.status == 429)
            #expect(throttled.header("X-Rate-Limit-Requests-Left") == "0")
            let reset = try #require(Int(throttled.header("X-Rate-Limit-Time-Reset-Ms") ?? ""))
            #expect(reset > 0 && reset <= 4000)

            try await Task.sleep(nanoseconds: UInt64(reset + 50) * 1_000_000)
            #expect(try await harness.bigCommerce("GET", "/v3/catalog/products").status == 200)
        }
    }

    @Test func injectedFaultAnswersTheNextMatchingRequestOnly() async throws {
        try await SandboxHarness.with(seedCatalog: false) { harness in
            let queued = try await harness.control(
                "POST", "/_control/bigcommerce/faults",
                ["status": 429, "count": 1, "reset_ms": 1500, "path_contains": "/v3/catalog/products"])
            #expect(queued.status == 201)
            #expect(try await harness.bigCommerce("GET", "/v2/orders").status == 204)
            let faulted = try await harness.bigCommerce("GET", "/v3/catalog/products?page=7")
            #expect(faulted.status == 429)
            #expect(faulted.header("X-Rate-Limit-Time-Reset-Ms") == "1500")
            #expect(try await harness.bigCommerce("GET", "/v3/catalog/products?page=7").status == 200)
        }
    }
}
