import CrossdockDomain
import CrossdockStore
import CrossdockSync
import Foundation
import Testing

/// Workflow A end to end: sandbox channels → connectors → sync → store → channels.
@Suite("Workflow A", .serialized)
struct WorkflowTests {
    @Test func importsCatalogueAndListsProblemsWithReasons() async throws {
        let hundred = String(repeating: "A", count: 100)
        let hundredOne = String(repeating: "B", count: 101)
        let bed = try await WorkflowTestBed.start(catalogue: [
            simpleProduct(hundred, "Exactly one hundred"), simpleProduct(hundredOne, "One too long"),
            simpleProduct("SKU123", "Plain"), simpleProduct("SKU123 ", "Trailing space"),
            familyProduct("FAM-1", "Mug", variants: [("", "Red", 3), ("MUG-BLUE", "Blue", 4)]),
        ])
        defer { Task { await bed.stop() } }
        try await bed.connectBigCommerce()
        try await eventually("the import completes") { try await bed.store.catalogImport().state == .complete }

        // S4: 100 characters import; 101 is a problem with its sentence, and the rest still import.
        #expect(try await bed.store.product(sku: hundred) != nil)
        #expect(try await bed.store.product(sku: hundredOne) == nil)
        let problems = try await bed.store.importProblems()
        #expect(
            problems.contains { $0.sku == hundredOne && $0.issue.message.contains("101 characters; the limit is 100") })
        // S7: an empty variant SKU is a problem of its own; its sibling imports.
        #expect(problems.contains { $0.issue.code == .skuEmpty && $0.title == "Mug" })
        #expect(try await bed.store.product(sku: "MUG-BLUE")?.parentSKU == SKU("FAM-1"))
        // S5: a trailing space makes a different SKU, with a warning.
        let spaced = try await bed.store.product(sku: "SKU123 ")
        #expect(spaced?.sku.value == "SKU123 ")
        #expect(spaced?.warnings.contains { $0.code == .skuWhitespace } == true)
        #expect(try await bed.store.catalogImport().problems == 2)
    }

    @Test func routesAmazonOrderIntoBigCommerceOnceAsAwaitingFulfillment() async throws {
        let bed = try await WorkflowTestBed.start(catalogue: [simpleProduct("21733", "Red Hanging Heart", stock: 10)])
        defer { Task { await bed.stop() } }
        try await bed.connectAmazon()
        let orderID = try await bed.placeAmazonOrder(lines: [("21733", 2, 295)])

        // Until the catalogue is imported, the order waits in the hub, visibly.
        try await eventually("the order is imported") { try await bed.hubOrder(marketplaceOrderID: orderID) != nil }
        #expect(try await bed.hubOrder(marketplaceOrderID: orderID)?.state == .waiting)
        #expect(try await bed.bigCommerceOrders(externalOrderID: orderID).isEmpty)

        try await bed.connectBigCommerce()
        try await eventually("the order is routed") {
            try await bed.hubOrder(marketplaceOrderID: orderID)?.state == .routed
        }
        let created = try await bed.bigCommerceOrders(externalOrderID: orderID)
        #expect(created.count == 1)
        #expect(created.first?["status_id"] as? Int == 11)

        // Routing the same order again finds it by external_order_id instead of creating another.
        let hubID = try #require(try await bed.hubOrder(marketplaceOrderID: orderID)?.id)
        try await bed.store.setOrderState(.ready, reason: nil, orderID: hubID)
        try await bed.store.enqueue(
            kind: JobKind.orderRoute, key: String(hubID), integration: JobKind.bigCommerceIntegrationID)
        try await bed.engine.runUntilIdle()
        #expect(try await bed.bigCommerceOrders(externalOrderID: orderID).count == 1)
    }

    @Test func findsOrderCreatedBeforeACrashInsteadOfCreatingASecond() async throws {
        let bed = try await WorkflowTestBed.start(catalogue: [simpleProduct("22423", "Regency Cakestand", stock: 5)])
        defer { Task { await bed.stop() } }
        try await bed.connectBigCommerce()
        try await eventually("the import completes") { try await bed.store.catalogImport().state == .complete }

        // O6: BigCommerce already holds the order (the hub died before recording its id).
        let orderID = try await bed.placeAmazonOrder(lines: [("22423", 1, 1275)])
        let account = try await bed.accounts()["bigcommerce"] ?? [:]
        let product = try #require(try await bed.store.product(sku: "22423"))
        let token = (account["credentials"] as? [String: Any])?["access_token"] as? String ?? ""
        let body: [String: Any] = [
            "status_id": 11, "external_source": "Amazon", "external_order_id": orderID,
            "billing_address": ["first_name": "Ada", "last_name": "Lovelace", "email": "", "country_iso2": "GB"],
            "products": [
                [
                    "product_id": product.bigCommerceProductID, "quantity": 1, "price_inc_tax": "12.75",
                    "price_ex_tax": "12.75",
                ]
            ],
        ]
        let created = try await bed.http.send(
            "POST", (account["base_url"] as? String ?? "") + "/v2/orders",
            headers: [("X-Auth-Token", token), ("Content-Type", "application/json")],
            body: try JSONSerialization.data(withJSONObject: body))
        #expect(created.status == 201)

        try await bed.connectAmazon()
        try await eventually("the order is routed") {
            try await bed.hubOrder(marketplaceOrderID: orderID)?.state == .routed
        }
        #expect(try await bed.bigCommerceOrders(externalOrderID: orderID).count == 1)
    }

    @Test func unknownSKUBlocksOnlyItsOwnOrder() async throws {
        let bed = try await WorkflowTestBed.start(catalogue: [simpleProduct("21733", "Red Hanging Heart")])
        defer { Task { await bed.stop() } }
        try await bed.connectBigCommerce()
        try await eventually("the import completes") { try await bed.store.catalogImport().state == .complete }
        try await bed.connectAmazon()
        // O3: the marketplace sells a SKU BigCommerce no longer has.
        try await bed.control("POST", "/_control/amazon/listings", ["sku": "GONE-1", "quantity": 2])
        let blocked = try await bed.placeAmazonOrder(lines: [("GONE-1", 1, 100)])
        let fine = try await bed.placeAmazonOrder(lines: [("21733", 1, 295)])

        try await eventually("the good order is routed") {
            try await bed.hubOrder(marketplaceOrderID: fine)?.state == .routed
        }
        let stuck = try await bed.hubOrder(marketplaceOrderID: blocked)
        #expect(stuck?.state == .blocked)
        #expect(stuck?.reason?.contains("GONE-1") == true)
        #expect(try await bed.store.orderCounts().blocked == 1)
    }

    @Test func pushesBigCommerceQuantityChangesToAmazon() async throws {
        let bed = try await WorkflowTestBed.start(catalogue: [
            simpleProduct("21733", "Red Hanging Heart", stock: 10),
            familyProduct("FAM-85099", "Jumbo Bag", variants: [("85099B", "Red", 7), ("85099C", "Blue", 3)]),
        ])
        defer { Task { await bed.stop() } }
        try await bed.connectBigCommerce()
        try await bed.connectAmazon()
        try await eventually("the import completes") { try await bed.store.catalogImport().state == .complete }
        try await eventually("listings are imported") { try await !bed.store.listings(integrationID: "amazon").isEmpty }
        try await bed.engine.setSwitch("export_quantities", to: true, integrationID: "amazon")

        // The merchant edits stock in BigCommerce; the inventory webhook drives the push.
        try await bed.control("POST", "/_control/bigcommerce/inventory", ["sku": "85099C", "quantity": 42])
        try await eventually("Amazon shows 42") { try await bed.amazonQuantity(sku: "85099C") == 42 }
        // I1: negative truth means out of stock.
        try await bed.control("POST", "/_control/bigcommerce/inventory", ["sku": "21733", "quantity": -1])
        try await eventually("Amazon shows 0") { try await bed.amazonQuantity(sku: "21733") == 0 }
    }

    @Test func amazonQuantityFollowsStockTakenByRoutedOrders() async throws {
        let bed = try await WorkflowTestBed.start(catalogue: [
            familyProduct("FAM-85099", "Jumbo Bag", variants: [("85099B", "Red", 7), ("85099C", "Blue", 3)])
        ])
        defer { Task { await bed.stop() } }
        try await bed.connectBigCommerce()
        try await bed.connectAmazon()
        try await eventually("the import completes") { try await bed.store.catalogImport().state == .complete }
        try await eventually("listings are imported") {
            try await !bed.store.listings(integrationID: "amazon").isEmpty
        }
        try await bed.engine.setSwitch("export_quantities", to: true, integrationID: "amazon")

        let orderID = try await bed.placeAmazonOrder(lines: [("85099B", 2, 500)])
        try await eventually("the order is routed") {
            try await bed.hubOrder(marketplaceOrderID: orderID)?.state == .routed
        }
        // BigCommerce subtracted the order (7 → 5); the hub sets Amazon to exactly that, once reserved
        // stock has become BigCommerce's own.
        try await eventually("the hub holds BigCommerce's new quantity") {
            try await bed.store.product(sku: "85099B")?.inventoryLevel == 5
        }
        try await eventually("Amazon shows 5") { try await bed.amazonQuantity(sku: "85099B") == 5 }
        #expect(try await bed.store.reservedQuantity(sku: SKU("85099B")) == 0)
    }

    @Test func sendsBigCommerceShipmentTrackingToAmazon() async throws {
        let bed = try await WorkflowTestBed.start(catalogue: [
            simpleProduct("21733", "Red Hanging Heart", stock: 10), simpleProduct("22423", "Regency Cakestand"),
        ])
        defer { Task { await bed.stop() } }
        try await bed.connectBigCommerce()
        try await bed.connectAmazon()
        let orderID = try await bed.placeAmazonOrder(lines: [("21733", 3, 295), ("22423", 1, 1275)])
        try await eventually("the order is routed") {
            try await bed.hubOrder(marketplaceOrderID: orderID)?.state == .routed
        }
        let bigCommerceID = try #require(try await bed.hubOrder(marketplaceOrderID: orderID)?.bigCommerceOrderID)

        try await bed.control(
            "POST", "/_control/bigcommerce/orders/\(bigCommerceID)/ship",
            ["tracking_number": "RM123456785GB", "shipping_provider": "royalmail"])
        try await eventually("tracking reaches Amazon") {
            let order = try await bed.control("GET", "/_control/amazon/orders/\(orderID)") as? [String: Any]
            return order?["OrderStatus"] as? String == "Shipped" || order?["status"] as? String == "Shipped"
        }
        let record = try await bed.hubOrder(marketplaceOrderID: orderID)
        #expect(record?.state == .shipped)
        #expect(record?.trackingNumbers == ["RM123456785GB"])
        #expect(try await bed.store.orderCounts().trackingSent == 1)
    }

    @Test func trackingConfirmedJustBeforeACrashIsNotSentTwice() async throws {
        let bed = try await WorkflowTestBed.start(catalogue: [simpleProduct("21733", "Red Hanging Heart", stock: 10)])
        defer { Task { await bed.stop() } }
        try await bed.connectBigCommerce()
        try await bed.connectAmazon()
        let orderID = try await bed.placeAmazonOrder(lines: [("21733", 3, 295)])
        try await eventually("the order is routed") {
            try await bed.hubOrder(marketplaceOrderID: orderID)?.state == .routed
        }
        let hubOrder = try #require(try await bed.hubOrder(marketplaceOrderID: orderID))
        try await bed.control(
            "POST", "/_control/bigcommerce/orders/\(try #require(hubOrder.bigCommerceOrderID))/ship",
            ["tracking_number": "RM123456785GB", "shipping_provider": "royalmail"])
        try await eventually("the order is shipped") {
            try await bed.hubOrder(marketplaceOrderID: orderID)?.state == .shipped
        }

        // The process died after Amazon accepted the package and before the hub recorded it: the hub
        // holds the shipment as unsent and its tracking job as running.
        let shipment = try #require(try await bed.store.shipments(orderID: hubOrder.id).first)
        try await bed.store.database.write { db in
            try db.execute(
                "UPDATE shipments SET state = 'pending', sent_at = NULL WHERE id = ?", [.integer(Int64(shipment.id))])
            try db.execute(
                "UPDATE order_lines SET quantity_shipped = 0 WHERE order_id = ?", [.integer(Int64(hubOrder.id))])
            try db.execute("UPDATE orders SET state = 'routed' WHERE id = ?", [.integer(Int64(hubOrder.id))])
            try db.execute(
                """
                INSERT INTO jobs (kind, key, integration_id, payload, state, attempts, run_after,
                    created_at, updated_at)
                VALUES ('tracking.send', ?, 'amazon', '{}', 'running', 1, 0, 0, 0)
                """, [.text(String(shipment.id))])
        }
        try await bed.store.requeueInterruptedJobs()

        try await eventually("the hub finds the package already on Amazon") {
            try await bed.hubOrder(marketplaceOrderID: orderID)?.state == .shipped
        }
        #expect(try await bed.store.shipments(orderID: hubOrder.id).first?.state == .sent)
        let amazonOrder = try await bed.control("GET", "/_control/amazon/orders/\(orderID)") as? [String: Any]
        #expect((amazonOrder?["shipment_confirmations"] as? [Any])?.count == 1)
    }
}
