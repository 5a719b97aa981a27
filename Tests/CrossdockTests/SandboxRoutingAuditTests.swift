import CrossdockHTTP
import CrossdockSandbox
import Foundation
import Testing

/// The truth the crash harness (`crossdock bench orders`) checks: duplicates, lost orders and
/// tracking that never reached Amazon, read from the emulators, and the warehouse that ships.
@Suite struct SandboxRoutingAuditTests {
    @Test func auditCountsDuplicatedLostAndUnconfirmedOrders() async throws {
        try await SandboxHarness.with(seedCatalog: false) { harness in
            let invoices = try SeedInvoices.load()
            var placed: [String] = []
            for index in 0..<3 {
                placed.append(try await harness.sandbox.placeAmazonOrder(invoice: index, of: invoices))
            }
            let (twice, once, never) = (placed[0], placed[1], placed[2])
            _ = try await createOrder(harness, externalOrderId: twice)
            _ = try await createOrder(harness, externalOrderId: twice)
            let routed = try await createOrder(harness, externalOrderId: once)

            var audit = await harness.sandbox.routingAudit()
            #expect(audit.marketplaceOrders == 3)
            #expect(audit.routed == 2)
            #expect(audit.duplicated == [twice])
            #expect(audit.lost == [never])
            #expect(audit.awaitingShipment == 3)
            #expect(!audit.isSettled)

            let shipped = try await harness.control(
                "POST", "/_control/bigcommerce/orders/\(routed)/ship",
                ["tracking_number": "RM123456785GB", "shipping_provider": "royalmail"])
            #expect(shipped.status == 201)
            audit = await harness.sandbox.routingAudit()
            #expect(audit.shippedOrders == 1)
            #expect(audit.trackingMissing.map(\.bigCommerceOrderId) == [routed])

            // The hub's confirmation with a wrong tracking number does not count; the right one does.
            #expect(try await confirm(harness, orderId: once, reference: "1", tracking: "RM000000000GB") == 204)
            #expect(await harness.sandbox.routingAudit().trackingMissing.count == 1)
        }
    }

    @Test func confirmedTrackingSettlesAnOrder() async throws {
        try await SandboxHarness.with(seedCatalog: false) { harness in
            let invoices = try SeedInvoices.load()
            let amazonOrderId = try await harness.sandbox.placeAmazonOrder(invoice: 0, of: invoices)
            let routed = try await createOrder(harness, externalOrderId: amazonOrderId)
            _ = try await harness.control(
                "POST", "/_control/bigcommerce/orders/\(routed)/ship",
                ["tracking_number": "RM123456785GB", "shipping_provider": "royalmail"])
            #expect(!(await harness.sandbox.routingAudit().isSettled))

            let lines = try await amazonLines(harness, orderId: amazonOrderId)
            let token = try await harness.amazonToken()
            let response = try await harness.amazon(
                "POST", "/orders/v0/orders/\(amazonOrderId)/shipmentConfirmation", token: token,
                json: confirmation(harness, reference: "1", tracking: "RM123456785GB", lines: lines))
            #expect(response.status == 204)
            let audit = await harness.sandbox.routingAudit()
            #expect(audit.trackingMissing.isEmpty)
            #expect(audit.isSettled)
        }
    }

    @Test func warehouseShipsMarketplaceOrdersInParcels() async throws {
        try await SandboxHarness.with(seedCatalog: false) { harness in
            let invoices = try SeedInvoices.load()
            let multiLine = try #require((0..<invoices.count).first { invoices.lineCount(of: $0) >= 2 })
            let amazonOrderId = try await harness.sandbox.placeAmazonOrder(invoice: multiLine, of: invoices)
            let lines = invoices.lineCount(of: multiLine)
            let orderId = try await createOrder(harness, externalOrderId: amazonOrderId, lines: lines)
            let merchantOrder = try await createOrder(harness, externalOrderId: nil)

            var schedule = WarehouseSchedule()
            schedule.handlingSeconds = 0...0.05
            schedule.splitShare = 1
            await harness.sandbox.startWarehouse(schedule)
            let shippedInTwo = try await SandboxHarness.waitUntil {
                try await shipments(harness, orderId: orderId).count == 2
            }
            #expect(shippedInTwo)
            #expect(await harness.sandbox.warehouseIsIdle())
            // The warehouse only ships what came from a marketplace.
            #expect(try await shipments(harness, orderId: merchantOrder).isEmpty)
            let audit = await harness.sandbox.routingAudit()
            #expect(audit.shipments == 2)
            #expect(audit.awaitingShipment == 0)
        }
    }

    // MARK: Helpers

    /// Creates a BigCommerce order of custom lines, as a hub (or a merchant, without an external id) would.
    private func createOrder(_ harness: SandboxHarness, externalOrderId: String?, lines: Int = 1) async throws -> Int {
        var body: [String: Any] = [
            "status_id": 11,
            "billing_address": ["first_name": "Ada", "last_name": "Lovelace", "email": "", "country_iso2": "GB"],
            "products": (1...lines).map { line in
                ["name": "Parcel line \(line)", "quantity": 1, "price_inc_tax": "2.95", "price_ex_tax": "2.95"]
            },
        ]
        if let externalOrderId {
            body["external_source"] = "Amazon"
            body["external_order_id"] = externalOrderId
        }
        let response = try await harness.bigCommerce("POST", "/v2/orders", json: body)
        #expect(response.status == 201, "createOrder answered \(response.status): \(SandboxHarness.text(response))")
        return try #require(try SandboxHarness.object(response)["id"] as? Int)
    }

    private func shipments(_ harness: SandboxHarness, orderId: Int) async throws -> [[String: Any]] {
        let response = try await harness.bigCommerce("GET", "/v2/orders/\(orderId)/shipments")
        return response.status == 204 ? [] : try SandboxHarness.array(response)
    }

    private func amazonLines(_ harness: SandboxHarness, orderId: String) async throws -> [[String: Any]] {
        let view = try SandboxHarness.object(try await harness.control("GET", "/_control/amazon/orders/\(orderId)"))
        return view["lines"] as? [[String: Any]] ?? []
    }

    private func confirm(_ harness: SandboxHarness, orderId: String, reference: String, tracking: String) async throws
        -> Int
    {
        let lines = try await amazonLines(harness, orderId: orderId)
        let token = try await harness.amazonToken()
        return try await harness.amazon(
            "POST", "/orders/v0/orders/\(orderId)/shipmentConfirmation", token: token,
            json: confirmation(harness, reference: reference, tracking: tracking, lines: lines)
        ).status
    }

    private func confirmation(_ harness: SandboxHarness, reference: String, tracking: String, lines: [[String: Any]])
        -> [String: Any]
    {
        [
            "marketplaceId": harness.marketplaceId,
            "packageDetail": [
                "packageReferenceId": reference, "carrierCode": "Royal Mail", "trackingNumber": tracking,
                "shipDate": "2026-12-04T10:00:00Z",
                "orderItems": lines.map { ["orderItemId": $0["order_item_id"] ?? "", "quantity": 1] },
            ] as [String: Any],
        ]
    }
}
