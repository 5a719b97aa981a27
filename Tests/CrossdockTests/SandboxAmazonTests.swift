import CrossdockHTTP
import CrossdockSandbox
import Foundation
import Testing

/// The SP-API emulator and the replay, driven over HTTP.
@Suite("Sandbox: Amazon SP-API and replay")
struct SandboxAmazonTests {
    @Test func issuesTokensOnlyForTheSellersCredentials() async throws {
        try await SandboxHarness.with(seedCatalog: false) { harness in
            func token(_ fields: [(String, String)]) async throws -> HTTPClientResponse {
                try await harness.http.send(
                    "POST", harness.tokenURL, headers: [("Content-Type", "application/x-www-form-urlencoded")],
                    body: Data(PercentEncoding.query(fields).utf8))
            }
            let credentials = harness.amazonCredentials
            let badClient = try await token([
                ("grant_type", "refresh_token"), ("refresh_token", credentials["refresh_token"] ?? ""),
                ("client_id", "someone-else"), ("client_secret", credentials["client_secret"] ?? ""),
            ])
            #expect(badClient.status == 401)
            #expect(try SandboxHarness.object(badClient)["error"] as? String == "invalid_client")
            let badGrant = try await token([
                ("grant_type", "refresh_token"), ("refresh_token", "Atzr|stale"),
                ("client_id", credentials["client_id"] ?? ""), ("client_secret", credentials["client_secret"] ?? ""),
            ])
            #expect(badGrant.status == 400)
            #expect(try SandboxHarness.object(badGrant)["error"] as? String == "invalid_grant")

            let denied = try await harness.amazon("GET", "/orders/v0/orders?MarketplaceIds=A1F83G8C2ARO7P", token: "x")
            #expect(denied.status == 403)
            let error = try #require((try SandboxHarness.object(denied)["errors"] as? [[String: Any]])?.first)
            #expect(error["code"] as? String == "Unauthorized")
            #expect(error["message"] as? String == "Access to requested resource is denied.")
            #expect(denied.header("x-amzn-RequestId") != nil)
        }
    }

    @Test func pagesOrdersWithNextToken() async throws {
        try await SandboxHarness.with(seedCatalog: false) { harness in
            var placed: [String] = []
            for index in 1...5 {
                placed.append(try await harness.placeAmazonOrder(lines: [("SKU-\(index)", index, 250)]))
            }
            let pending = try await harness.placeAmazonOrder(lines: [("SKU-P", 1, 100)], status: "Pending")
            let token = try await harness.amazonToken()
            let since = PercentEncoding.encode(SandboxHarness.iso8601(Date().addingTimeInterval(-3600)))
            let first =
                "/orders/v0/orders?MarketplaceIds=\(harness.marketplaceId)&LastUpdatedAfter=\(since)"
                + "&OrderStatuses=Unshipped&MaxResultsPerPage=2"

            var seen: [String] = []
            var path = first
            var pages = 0
            while true {
                let response = try await harness.amazon("GET", path, token: token)
                #expect(response.status == 200)
                #expect(response.header("x-amzn-RateLimit-Limit") == "0.0167")
                let payload = try #require(try SandboxHarness.object(response)["payload"] as? [String: Any])
                #expect(payload["LastUpdatedBefore"] as? String != nil)
                let orders = payload["Orders"] as? [[String: Any]] ?? []
                seen += orders.compactMap { $0["AmazonOrderId"] as? String }
                #expect(orders.allSatisfy { ($0["OrderTotal"] as? [String: Any])?["CurrencyCode"] as? String == "GBP" })
                pages += 1
                guard let next = payload["NextToken"] as? String else { break }
                let query = PercentEncoding.query([("MarketplaceIds", harness.marketplaceId), ("NextToken", next)])
                path = "/orders/v0/orders?\(query)"
            }
            #expect(pages == 3)
            #expect(Set(seen) == Set(placed))
            #expect(seen.count == 5)

            // O4: a Pending order has no total and no address.
            let pendingOrder = try SandboxHarness.object(
                try await harness.amazon("GET", "/orders/v0/orders/\(pending)", token: token))
            let order = pendingOrder["payload"] as? [String: Any] ?? [:]
            #expect(order["OrderStatus"] as? String == "Pending")
            #expect(order["OrderTotal"] == nil)
            #expect(order["ShippingAddress"] == nil)

            // D1: a `+` that arrived as a space is not a date.
            let spaced =
                "/orders/v0/orders?MarketplaceIds=\(harness.marketplaceId)"
                + "&LastUpdatedAfter=2024-04-15T10:41:59+00:00"
            let refused = try await harness.amazon("GET", spaced, token: token)
            #expect(refused.status == 400)
            let code = (try SandboxHarness.object(refused)["errors"] as? [[String: Any]])?.first?["code"]
            #expect(code as? String == "InvalidInput")
        }
    }

    @Test func throttlesGetOrdersAfterItsBurst() async throws {
        try await SandboxHarness.with(seedCatalog: false) { harness in
            let token = try await harness.amazonToken()
            let path = "/orders/v0/orders?MarketplaceIds=\(harness.marketplaceId)&CreatedAfter=2024-01-01T00:00:00Z"
            for _ in 0..<20 {
                #expect(try await harness.amazon("GET", path, token: token).status == 200)
            }
            let throttled = try await harness.amazon("GET", path, token: token)
            #expect(throttled.status == 429)
            let error = (try SandboxHarness.object(throttled)["errors"] as? [[String: Any]])?.first
            #expect(error?["code"] as? String == "QuotaExceeded")
        }
    }

    @Test func findsSkusWithSlashesAndSpacesThroughEncodedPaths() async throws {
        try await SandboxHarness.with(seedCatalog: false) { harness in
            let awkward = ["DE-3602/4", "AB 12  GOLD", "Bolt#32+A", "HX-1(3,6x19cm)"]
            let loaded = try await harness.control(
                "POST", "/_control/bigcommerce/catalog",
                [
                    "replace": true,
                    "products": awkward.map { ["sku": $0, "name": "Item \($0)", "price": 199, "inventory_level": 7] },
                ])
            #expect(loaded.status == 201)
            let token = try await harness.amazonToken()
            for sku in awkward {
                let path =
                    "/listings/2021-08-01/items/\(harness.sellerId)/\(PercentEncoding.encode(sku))"
                    + "?marketplaceIds=\(harness.marketplaceId)&includedData=summaries,fulfillmentAvailability"
                let response = try await harness.amazon("GET", path, token: token)
                #expect(response.status == 200, "GET listing \(sku)")
                let item = try SandboxHarness.object(response)
                #expect(item["sku"] as? String == sku)
                let availability = (item["fulfillmentAvailability"] as? [[String: Any]])?.first
                #expect(availability?["quantity"] as? Int == 7)

                let patch = try await harness.amazon(
                    "PATCH", path, token: token,
                    json: [
                        "productType": "PRODUCT",
                        "patches": [
                            [
                                "op": "replace", "path": "/attributes/fulfillment_availability",
                                "value": [["fulfillment_channel_code": "DEFAULT", "quantity": 3]],
                            ]
                        ],
                    ])
                #expect(try SandboxHarness.object(patch)["status"] as? String == "ACCEPTED")
                let view = try SandboxHarness.object(
                    try await harness.control("GET", "/_control/amazon/listings/\(PercentEncoding.encode(sku))"))
                #expect(view["quantity"] as? Int == 3)
                #expect(view["updates"] as? Int == 1)
            }
            let unknown =
                "/listings/2021-08-01/items/\(harness.sellerId)/DE-3602?marketplaceIds=\(harness.marketplaceId)"
            #expect(try await harness.amazon("GET", unknown, token: token).status == 404)
            let variants = try await harness.bigCommerce(
                "GET", "/v3/catalog/variants?sku=\(PercentEncoding.encode("DE-3602/4"))")
            #expect((try SandboxHarness.object(variants)["data"] as? [Any])?.count == 1)
        }
    }

    @Test func shipmentConfirmationsMoveTheOrderToShipped() async throws {
        try await SandboxHarness.with(seedCatalog: false) { harness in
            let orderId = try await harness.placeAmazonOrder(lines: [("21733", 3, 295), ("22423", 1, 1275)])
            let token = try await harness.amazonToken()
            let itemsResponse = try await harness.amazon("GET", "/orders/v0/orders/\(orderId)/orderItems", token: token)
            let items =
                ((try SandboxHarness.object(itemsResponse)["payload"] as? [String: Any])?["OrderItems"]
                    as? [[String: Any]]) ?? []
            #expect(items.count == 2)
            let first = try #require(items.first { $0["SellerSKU"] as? String == "21733" })
            let second = try #require(items.first { $0["SellerSKU"] as? String == "22423" })
            #expect((first["ItemPrice"] as? [String: Any])?["Amount"] as? String == "8.85")

            func confirm(_ reference: String, _ itemId: Any?, _ quantity: Int) async throws -> HTTPClientResponse {
                try await harness.amazon(
                    "POST", "/orders/v0/orders/\(orderId)/shipmentConfirmation", token: token,
                    json: [
                        "marketplaceId": harness.marketplaceId,
                        "packageDetail": [
                            "packageReferenceId": reference, "carrierCode": "Royal Mail",
                            "trackingNumber": "RM1\(reference)GB",
                            "shipDate": "2024-04-15T10:41:59Z",
                            "orderItems": [["orderItemId": itemId ?? "", "quantity": quantity]],
                        ],
                    ])
            }
            #expect(try await confirm("1", first["OrderItemId"], 2).status == 204)
            var view = try SandboxHarness.object(try await harness.control("GET", "/_control/amazon/orders/\(orderId)"))
            #expect(view["status"] as? String == "PartiallyShipped")

            #expect(try await confirm("2", first["OrderItemId"], 2).status == 400)
            #expect(try await confirm("3", "00000000000000", 1).status == 400)
            #expect(try await confirm("4", first["OrderItemId"], 1).status == 204)
            #expect(try await confirm("5", second["OrderItemId"], 1).status == 204)
            view = try SandboxHarness.object(try await harness.control("GET", "/_control/amazon/orders/\(orderId)"))
            #expect(view["status"] as? String == "Shipped")
            #expect((view["shipment_confirmations"] as? [Any])?.count == 3)
        }
    }

    @Test func replayPlacesOrdersAndTheWarehouseShipsRoutedOnes() async throws {
        try await SandboxHarness.with { harness in
            let started = try await harness.control("POST", "/_control/replay", ["speed": 400_000])
            #expect(started.status == 200)
            #expect(try SandboxHarness.object(started)["total"] as? Int == 8932)
            #expect(
                try await SandboxHarness.waitUntil {
                    let status = try SandboxHarness.object(try await harness.control("GET", "/_control/replay"))
                    return status["placed"] as? Int ?? 0 >= 3
                })
            let orders = try SandboxHarness.array(try await harness.control("GET", "/_control/amazon/orders"))
            let first = try #require(orders.first)
            #expect(first["invoice"] as? String == "536367")
            #expect(first["status"] as? String == "Unshipped")

            // The hub routes one of them; the simulated warehouse ships it within 30 data hours.
            let productId = try #require(try await harness.product(sku: "22745")["id"] as? Int)
            let external = try #require(first["amazon_order_id"] as? String)
            let order = try await harness.createOrder(externalOrderId: external, lines: [(productId, nil, 6)])
            let orderId = try #require(order["id"] as? Int)
            #expect(
                try await SandboxHarness.waitUntil(15) {
                    let current = try SandboxHarness.object(
                        try await harness.bigCommerce("GET", "/v2/orders/\(orderId)"))
                    return current["status_id"] as? Int == 2
                })
            let shipment = try SandboxHarness.array(
                try await harness.bigCommerce("GET", "/v2/orders/\(orderId)/shipments"))
            #expect(shipment.first?["shipping_provider"] as? String == "royalmail")
            #expect((shipment.first?["tracking_number"] as? String)?.hasPrefix("RM") == true)
            let stopped = try SandboxHarness.object(try await harness.control("POST", "/_control/replay/stop"))
            #expect(stopped["running"] as? Bool == false)
            try await Task.sleep(nanoseconds: 100_000_000)
            let later = try SandboxHarness.object(try await harness.control("GET", "/_control/replay"))
            #expect(later["data_time"] as? String == stopped["data_time"] as? String)
            #expect(later["placed"] as? Int == stopped["placed"] as? Int)
        }
    }
}

extension SandboxHarness {
    /// ISO 8601 with `Z`, as SP-API takes it.
    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
