import CrossdockDomain
import CrossdockHTTP
import CrossdockServer
import CrossdockStore
import CrossdockSync
import Foundation
import Testing

@Suite("Hub JSON API")
struct ServerAPITests {
    /// The status document decoded strictly: every count must be a JSON integer.
    struct Status: Decodable {
        struct Catalog: Decodable {
            var state: String
            var imported: Int
            var total: Int
            var problems: Int
            var rate_per_second: Double
            var eta_seconds: Int?
        }
        struct Orders: Decodable {
            var imported: Int
            var routed: Int
            var waiting: Int
            var blocked: Int
            var tracking_sent: Int
        }
        struct IntegrationSummary: Decodable {
            var id: String
            var channel: String
            var name: String
            var last_error: String?
        }
        var catalog: Catalog
        var orders: Orders
        var integrations: [IntegrationSummary]
    }

    @Test func statusReportsImportProgressOrderCountsAndIntegrationsAsIntegers() async throws {
        try await ServerTestHub.with { hub in
            try await hub.connectChannels()
            try await hub.importCatalogue(
                [catalogueProduct("MUG-RED", "Red Mug", id: 1), catalogueProduct("MUG-BLUE", "Blue Mug", id: 2)],
                total: 5, complete: false)
            try await hub.placeOrder("206-1111111-1111111")
            try await hub.placeOrder("206-2222222-2222222", state: .blocked, reason: "SKU X is unknown.")

            let response = try await hub.get("/api/v1/status")
            #expect(response.status == 200)
            #expect(response.header("content-type") == "application/json")
            let text = String(decoding: response.body, as: UTF8.self)
            for key in ["imported", "total", "problems", "routed", "waiting", "blocked", "tracking_sent"] {
                #expect(text.contains(try Regex("\"\(key)\":[0-9]+[,}]")), "\(key) is not an integer in \(text)")
            }
            let status = try JSONDecoder().decode(Status.self, from: response.body)
            #expect(status.catalog.state == "importing")
            #expect(status.catalog.imported == 2 && status.catalog.total == 5 && status.catalog.problems == 0)
            #expect(status.catalog.rate_per_second >= 0)
            #expect(status.orders.imported == 2 && status.orders.waiting == 1 && status.orders.blocked == 1)
            #expect(status.integrations.map(\.id) == ["bigcommerce", "amazon-uk"])
            #expect(status.integrations.map(\.channel) == ["bigcommerce", "amazon"])
        }
    }

    @Test func productSearchMatchesSKUOrTitleAndPagesWithinLimits() async throws {
        try await ServerTestHub.with { hub in
            try await hub.connectChannels()
            try await hub.importCatalogue([
                catalogueProduct("MUG-RED", "Red Enamel Mug", id: 1),
                catalogueProduct("MUG-BLUE", "Blue Enamel Mug", id: 2, price: nil, stock: nil),
                catalogueProduct("TEE-1", "Cotton Tee", id: 3),
            ])

            let found = try await hub.object("/api/v1/products?search=enamel%20mug&per_page=1")
            let meta = try #require(found["meta"] as? [String: Any])
            #expect(meta["total"] as? Int == 2 && meta["per_page"] as? Int == 1 && meta["page"] as? Int == 1)
            let first = try #require((found["data"] as? [[String: Any]])?.first)
            #expect(first["sku"] as? String == "MUG-BLUE")
            #expect(first["price"] is NSNull && first["inventory_level"] is NSNull)

            let bySKU = try await hub.object("/api/v1/products?search=tee-1")
            let tee = try #require((bySKU["data"] as? [[String: Any]])?.first)
            #expect(tee["title"] as? String == "Cotton Tee")
            #expect((tee["price"] as? [String: Any])?["amount"] as? String == "2.95")
            #expect(tee["inventory_level"] as? Int == 10 && tee["reserved"] as? Int == 0)

            let tooMany = try await hub.get("/api/v1/products?per_page=251")
            #expect(tooMany.status == 400 && tooMany.errorCode == "invalid_request")
        }
    }

    @Test func bearerTokenMustMatchWhenOneIsSent() async throws {
        try await ServerTestHub.with(adminToken: "admin-token-7c1") { hub in
            let right = try await hub.get("/api/v1/status", headers: [("Authorization", "Bearer admin-token-7c1")])
            #expect(right.status == 200)

            let wrong = try await hub.get("/api/v1/status", headers: [("Authorization", "Bearer admin-token-7c2")])
            #expect(wrong.status == 401 && wrong.errorCode == "unauthorized")
            let message = ((try wrong.jsonObject()["error"] as? [String: Any])?["message"] as? String) ?? ""
            #expect(message.contains("CROSSDOCK_ADMIN_TOKEN"))

            let basic = try await hub.get("/products", headers: [("Authorization", "Basic YWRtaW46YWRtaW4=")])
            #expect(basic.status == 401)

            // No login exists yet, so a request without credentials is let through.
            #expect(try await hub.get("/api/v1/status").status == 200)
        }
        try await ServerTestHub.with(adminToken: nil) { hub in
            let any = try await hub.get("/api/v1/status", headers: [("Authorization", "Bearer guess")])
            #expect(any.status == 401)
        }
    }

    @Test func settingsPatchSavesSwitchesAndQueuesReconciliationWhenQuantitiesTurnOn() async throws {
        try await ServerTestHub.with { hub in
            try await hub.connectChannels()

            let response = try await hub.sendJSON(
                "PATCH", "/api/v1/integrations/amazon-uk/settings",
                ["export_quantities": true, "publish_listings": false])
            #expect(response.status == 200)
            let body = try response.jsonObject()
            #expect((body["settings"] as? [String: Any])?["export_quantities"] as? Bool == true)
            #expect(body["credentials"] == nil)

            let saved = try #require(try await hub.store.integration(id: "amazon-uk"))
            #expect(saved.settings.exportQuantities && !saved.settings.publishListings)
            #expect(try await hub.store.pendingJobCounts()[JobKind.inventoryReconcile] == 1)
        }
    }

    @Test func settingsPatchRefusesUnknownOrInapplicableSwitchesByName() async throws {
        try await ServerTestHub.with { hub in
            try await hub.connectChannels()

            let response = try await hub.sendJSON(
                "PATCH", "/api/v1/integrations/amazon-uk/settings",
                ["export_prices": true, "teleport_stock": true, "inventory_truth": true])
            #expect(response.status == 422 && response.errorCode == "unknown_switch")
            let error = try #require(try response.jsonObject()["error"] as? [String: Any])
            let message = try #require(error["message"] as? String)
            #expect(message.contains("teleport_stock") && message.contains("inventory_truth"))
            #expect(error["fields"] as? [String] == ["inventory_truth", "teleport_stock"])
            #expect(try await hub.store.integration(id: "amazon-uk")?.settings == .marketplaceDefaults)

            let notBoolean = try await hub.sendJSON(
                "PATCH", "/api/v1/integrations/amazon-uk/settings", ["export_prices": "yes"])
            #expect(notBoolean.status == 422 && notBoolean.errorCode == "invalid_switch_value")
            let malformed = try await hub.send(
                "PATCH", "/api/v1/integrations/amazon-uk/settings", body: Data("{not json".utf8))
            #expect(malformed.status == 400)
            let missing = try await hub.sendJSON("PATCH", "/api/v1/integrations/nowhere/settings", [:] as [String: Any])
            #expect(missing.status == 404 && missing.errorCode == "not_found")
        }
    }

    @Test func integrationsNeverReturnCredentials() async throws {
        try await ServerTestHub.with { hub in
            try await hub.connectChannels()
            let response = try await hub.get("/api/v1/integrations")
            let text = String(decoding: response.body, as: UTF8.self)
            #expect(response.status == 200)
            #expect(
                !text.contains("tok-secret") && !text.contains("rt-secret")
                    && !text.contains(ServerTestHub.webhookSecret))
            let data = try #require(try response.jsonObject()["data"] as? [[String: Any]])
            let bigCommerce = try #require(
                data.first { $0["id"] as? String == "bigcommerce" }?["settings"] as? [String: Any])
            let amazon = try #require(data.first { $0["id"] as? String == "amazon-uk" }?["settings"] as? [String: Any])
            #expect(bigCommerce["inventory_truth"] as? Bool == true && bigCommerce["export_prices"] == nil)
            #expect(amazon["export_tracking"] as? Bool == true && amazon["export_orders"] == nil)
        }
    }

    @Test func ordersLeaveOutBuyerDataAndBlockedOrdersCanBeRetried() async throws {
        try await ServerTestHub.with { hub in
            try await hub.connectChannels()
            let blocked = try await hub.placeOrder("206-3333333-3333333", state: .blocked, reason: "SKU X is unknown.")
            try await hub.placeOrder("206-4444444-4444444")

            let list = try await hub.get("/api/v1/orders")
            let text = String(decoding: list.body, as: UTF8.self)
            #expect(list.status == 200)
            #expect(!text.contains("Ada Lovelace") && !text.contains("Test Street"))
            let orders = try #require(try list.jsonObject()["data"] as? [[String: Any]])
            let first = try #require(orders.first { $0["id"] as? Int == blocked })
            #expect(first["state"] as? String == "blocked" && first["channel"] as? String == "amazon")
            #expect((first["total"] as? [String: Any])?["amount"] as? String == "12.95")

            let detail = try await hub.object("/api/v1/orders/\(blocked)")
            #expect(detail["shipments"] as? [Any] != nil)

            let retried = try await hub.send("POST", "/api/v1/orders/\(blocked)/retry")
            #expect(retried.status == 202)
            #expect(try await hub.store.order(id: blocked)?.state == .ready)
            #expect(try await hub.store.pendingJobCounts()[JobKind.orderRoute] == 1)

            let again = try await hub.send("POST", "/api/v1/orders/\(blocked)/retry")
            #expect(again.status == 409 && again.errorCode == "order_not_blocked")
            #expect(try await hub.get("/api/v1/orders/999").status == 404)
        }
    }

    @Test func openAPIDocumentDescribesEveryRoute() async throws {
        try await ServerTestHub.with { hub in
            let document = try await hub.object("/api/openapi.json")
            #expect(document["openapi"] as? String == "3.0.3")
            let paths = try #require(document["paths"] as? [String: Any])
            for path in [
                "/api/v1/status", "/api/v1/products", "/api/v1/import-problems", "/api/v1/orders",
                "/api/v1/orders/{id}",
                "/api/v1/orders/{id}/retry", "/api/v1/integrations", "/api/v1/integrations/{id}/settings",
                "/webhooks/bigcommerce",
            ] {
                #expect(paths[path] != nil, "\(path) is not described")
            }
            let missing = try await hub.get("/api/v1/nothing-here")
            #expect(missing.status == 404 && missing.errorCode == "not_found")
        }
    }
}
