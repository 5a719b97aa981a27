import CrossdockDomain
import CrossdockStore
import CrossdockSync
import Foundation
import Testing

/// BigCommerce order flows beyond routing: the order copy, cancellations and custom lines.
@Suite("Order sync", .serialized)
struct OrderSyncTests {
    @Test func copiesEveryBigCommerceOrderUsingRFC2822Filters() async throws {
        let bed = try await WorkflowTestBed.start(catalogue: [simpleProduct("21733", "Red Hanging Heart")]) {
            $0.ordersPollSeconds = 0.3
        }
        defer { Task { await bed.stop() } }
        try await bed.connectBigCommerce(webhooks: false)
        try await bed.connectAmazon()
        let orderID = try await bed.placeAmazonOrder(lines: [("21733", 1, 295)])
        try await eventually("the order is routed") {
            try await bed.hubOrder(marketplaceOrderID: orderID)?.state == .routed
        }
        // D1: the poll filters by min_date_modified in RFC 2822; a mangled "+0000" would be refused.
        try await eventually("the order copy holds the routed order") {
            try await bed.store.bigCommerceOrders().contains { $0.externalOrderID == orderID && $0.statusID == 11 }
        }
        let filters = try await bed.bigCommerceRequests().compactMap { request -> String? in
            (request["query"] as? [[String]])?.first { $0.first == "min_date_modified" }?.last
        }
        #expect(!filters.isEmpty)
        let rfc2822 = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/
        #expect(filters.allSatisfy { $0.wholeMatch(of: rfc2822) != nil })
        let copy = try #require(try await bed.store.bigCommerceOrders().first { $0.externalOrderID == orderID })
        #expect(copy.total == Money(minorUnits: 295, currency: "GBP"))
        #expect(copy.externalSource == "Amazon")
    }

    @Test func updatedEventBeforeCreatedStoresTheOrdersCurrentState() async throws {
        let bed = try await WorkflowTestBed.start(catalogue: [simpleProduct("21733", "Red Hanging Heart")])
        defer { Task { await bed.stop() } }
        try await bed.connectBigCommerce()
        try await bed.connectAmazon()
        let orderID = try await bed.placeAmazonOrder(lines: [("21733", 1, 295)])
        try await eventually("the order is routed") {
            try await bed.hubOrder(marketplaceOrderID: orderID)?.state == .routed
        }
        let bigCommerceID = try #require(try await bed.hubOrder(marketplaceOrderID: orderID)?.bigCommerceOrderID)
        try await bed.control("POST", "/_control/bigcommerce/orders/\(bigCommerceID)/ship", ["tracking_number": "1Z9"])

        // W2: an *updated* event arrives first; the hub fetches the current state, whatever came before.
        let secret = try #require(try await bed.store.integration(id: "bigcommerce")?.credentials["webhook_secret"])
        for (scope, hash) in [("store/order/updated", "w2-updated"), ("store/order/created", "w2-created")] {
            let body: [String: Any] = [
                "scope": scope, "store_id": "1", "hash": hash, "created_at": 1, "producer": "stores/x",
                "data": ["type": "order", "id": bigCommerceID],
            ]
            let response = try await bed.http.send(
                "POST", bed.server.baseURL + "/webhooks/bigcommerce",
                headers: [("Content-Type", "application/json"), ("X-Crossdock-Webhook-Secret", secret)],
                body: try JSONSerialization.data(withJSONObject: body))
            #expect(response.status == 200)
        }
        try await eventually("the copy shows the order shipped") {
            try await bed.store.bigCommerceOrders().first { $0.id == bigCommerceID }?.statusID == 2
        }
    }

    @Test func marketplaceCancellationCancelsTheBigCommerceOrderAndReleasesStock() async throws {
        let bed = try await WorkflowTestBed.start(catalogue: [simpleProduct("21733", "Red Hanging Heart", stock: 10)])
        defer { Task { await bed.stop() } }
        try await bed.connectBigCommerce()
        try await bed.connectAmazon()
        try await eventually("listings are imported") {
            try await !bed.store.listings(integrationID: "amazon").isEmpty
        }
        try await bed.engine.setSwitch("export_quantities", to: true, integrationID: "amazon")
        let orderID = try await bed.placeAmazonOrder(lines: [("21733", 4, 295)])
        try await eventually("the order is routed") {
            try await bed.hubOrder(marketplaceOrderID: orderID)?.state == .routed
        }
        try await eventually("Amazon shows 6") { try await bed.amazonQuantity(sku: "21733") == 6 }

        // O5: the buyer cancels on Amazon after the order reached BigCommerce.
        try await bed.control("POST", "/_control/amazon/orders/\(orderID)/status", ["status": "Canceled"])
        try await eventually("the hub order is cancelled") {
            try await bed.hubOrder(marketplaceOrderID: orderID)?.state == .cancelled
        }
        #expect(try await bed.bigCommerceOrders(externalOrderID: orderID).first?["status_id"] as? Int == 5)
        try await eventually("Amazon shows 10 again") { try await bed.amazonQuantity(sku: "21733") == 10 }
    }

    @Test func unknownSKUBecomesACustomLineWhenTheMerchantAllowsIt() async throws {
        let bed = try await WorkflowTestBed.start(catalogue: [simpleProduct("21733", "Red Hanging Heart")])
        defer { Task { await bed.stop() } }
        try await bed.connectBigCommerce()
        try await eventually("the import completes") { try await bed.store.catalogImport().state == .complete }
        try await bed.engine.setSwitch("create_custom_lines", to: true, integrationID: "bigcommerce")
        try await bed.connectAmazon()
        try await bed.control(
            "POST", "/_control/amazon/listings", ["sku": "MARKET-ONLY", "quantity": 3, "item_name": "Gift wrap"])
        let orderID = try await bed.placeAmazonOrder(lines: [("MARKET-ONLY", 1, 150), ("21733", 1, 295)])

        try await eventually("the order is routed") {
            try await bed.hubOrder(marketplaceOrderID: orderID)?.state == .routed
        }
        #expect(try await bed.bigCommerceOrders(externalOrderID: orderID).count == 1)
    }

    @Test func blockedOrderRoutesOnRetryOnceTheMerchantAddsTheSKU() async throws {
        let bed = try await WorkflowTestBed.start(catalogue: [simpleProduct("21733", "Red Hanging Heart")])
        defer { Task { await bed.stop() } }
        try await bed.connectBigCommerce()
        try await eventually("the import completes") { try await bed.store.catalogImport().state == .complete }
        try await bed.connectAmazon()
        try await bed.control("POST", "/_control/amazon/listings", ["sku": "NEW-SKU", "quantity": 3])
        let orderID = try await bed.placeAmazonOrder(lines: [("NEW-SKU", 1, 150)])
        try await eventually("the order is blocked") {
            try await bed.hubOrder(marketplaceOrderID: orderID)?.state == .blocked
        }

        // O3: the merchant adds the product in BigCommerce, then presses Retry.
        try await bed.control(
            "POST", "/_control/bigcommerce/catalog",
            ["products": [simpleProduct("NEW-SKU", "Just added")], "replace": false, "list_on_amazon": false])
        let id = try #require(try await bed.hubOrder(marketplaceOrderID: orderID)?.id)
        try await bed.store.setOrderState(.ready, reason: nil, orderID: id)
        try await bed.store.enqueue(
            kind: JobKind.orderRoute, key: String(id), integration: JobKind.bigCommerceIntegrationID)
        try await eventually("the order is routed") {
            try await bed.hubOrder(marketplaceOrderID: orderID)?.state == .routed
        }
        #expect(try await bed.store.product(sku: "NEW-SKU")?.title == "Just added")
    }

    @Test func slowBigCommerceAfterAnOrderDoesNotLeaveAmazonTooLow() async throws {
        let bed = try await WorkflowTestBed.start(catalogue: [simpleProduct("21733", "Red Hanging Heart", stock: 10)])
        defer { Task { await bed.stop() } }
        try await bed.connectBigCommerce()
        try await bed.connectAmazon()
        try await eventually("listings are imported") {
            try await !bed.store.listings(integrationID: "amazon").isEmpty
        }
        try await bed.engine.setSwitch("export_quantities", to: true, integrationID: "amazon")
        // The stock webhook for the new order is handled while the hub still waits for BigCommerce,
        // so the order's reservation still counts then.
        try await bed.control(
            "POST", "/_control/bigcommerce/faults",
            ["count": 1, "delay_ms": 1500, "path_contains": "/products", "method": "GET"])
        let orderID = try await bed.placeAmazonOrder(lines: [("21733", 2, 295)])
        try await eventually("the order is routed") {
            try await bed.hubOrder(marketplaceOrderID: orderID)?.state == .routed
        }
        try await eventually("Amazon shows BigCommerce's 8") { try await bed.amazonQuantity(sku: "21733") == 8 }
    }
}
