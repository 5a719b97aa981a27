import CrossdockDomain
import CrossdockStore
import Foundation
import Testing

/// The store's behaviour, run unchanged on SQLite and on PostgreSQL.
@Suite("Store")
struct StoreTests {
    @Test(arguments: [Engine.sqlite, .postgresql])
    func savesAndReadsIntegrations(engine: Engine) async throws {
        try await withStore(engine) { store, _ in
            try await store.save(StoreFixture.integration("bigcommerce", channel: .bigcommerce))
            try await store.save(StoreFixture.integration())
            var settings = IntegrationSettings()
            settings.exportQuantities = true
            try await store.updateSettings(settings, integrationID: "amazon-us")
            try await store.setLastError("Amazon refused the refresh token.", integrationID: "amazon-us")
            try await store.setOrderCursor("2024-03-01T10:00:00Z", integrationID: "amazon-us")

            let amazon = try #require(try await store.integration(id: "amazon-us"))
            #expect(amazon.settings.exportQuantities)
            #expect(amazon.credentials == ["refresh_token": "token"])
            #expect(amazon.lastError == "Amazon refused the refresh token.")
            #expect(try await store.orderCursor(integrationID: "amazon-us") == "2024-03-01T10:00:00Z")
            #expect(try await store.integrations().map(\.id).sorted() == ["amazon-us", "bigcommerce"])
            #expect(try await store.integration(channel: .bigcommerce)?.id == "bigcommerce")

            try await store.setLastError(nil, integrationID: "amazon-us")
            #expect(try await store.integration(id: "amazon-us")?.lastError == nil)
        }
    }

    @Test(arguments: [Engine.sqlite, .postgresql])
    func catalogPageReportsSKUsDifferingOnlyByCaseAndReimportsIdempotently(engine: Engine) async throws {
        try await withStore(engine) { store, _ in
            try await store.save(StoreFixture.integration("bigcommerce", channel: .bigcommerce))
            try await store.beginCatalogImport(integrationID: "bigcommerce")
            let page = [
                StoreFixture.product("TEE", title: "T-shirt", productID: 1, isParent: true, level: nil),
                StoreFixture.product("TEE-RED", title: "T-shirt Red", productID: 1, variantID: 11, parent: "TEE"),
                StoreFixture.product("mug-1", productID: 2, variantID: 21),
                StoreFixture.product("MUG-1", title: "Other mug", productID: 3, variantID: 31),
            ]
            for _ in 1...2 {
                let stored = try await store.storeCatalogPage(
                    integrationID: "bigcommerce", page: 1, total: 3, products: page, problems: [],
                    importedProducts: 0, isLast: true)
                #expect(stored.map(\.sku.value) == ["TEE", "TEE-RED", "mug-1"])
            }

            let catalogue = try await store.products()
            #expect(catalogue.total == 3)
            // Byte-wise on both engines: upper-case letters sort before lower-case ones.
            #expect(catalogue.products.map(\.sku.value) == ["TEE", "TEE-RED", "mug-1"])
            #expect(try await store.product(sku: "MUG-1")?.bigCommerceProductID == 2)
            #expect(try await store.product(bigCommerceProductID: 1, variantID: 11)?.sku.value == "TEE-RED")
            #expect(try await store.product(bigCommerceProductID: 2, variantID: nil)?.sku.value == "mug-1")
            let problems = try await store.importProblems()
            #expect(problems.map(\.issue.code) == [.skuDuplicate])
            #expect(problems.first?.bigCommerceProductID == 3)
            let progress = try await store.catalogImport()
            #expect(progress.state == .complete)
            #expect(progress.problems == 1)
            #expect(progress.nextPage == 2)
            #expect(try await store.sellableSKUs().map(\.value).sorted() == ["TEE-RED", "mug-1"])

            // A later refresh of the parent replaces its variants: TEE-RED is gone from BigCommerce.
            let parent = StoreFixture.product("TEE", title: "T-shirt v2", productID: 1, isParent: true, level: nil)
            try await store.storeProducts([parent], problems: [], productIDs: [1])
            #expect(try await store.product(sku: "TEE-RED") == nil)
            #expect(try await store.product(sku: "TEE")?.title == "T-shirt v2")
            #expect(try await store.setInventoryLevel(9, sku: SKU("Mug-1")) == true)
            #expect(try await store.product(sku: "mug-1")?.inventoryLevel == 9)
        }
    }

    @Test(arguments: [Engine.sqlite, .postgresql])
    func productSearchMatchesPercentAndUnderscoreLiterallyIgnoringCase(engine: Engine) async throws {
        try await withStore(engine) { store, _ in
            try await store.save(StoreFixture.integration("bigcommerce", channel: .bigcommerce))
            try await store.beginCatalogImport(integrationID: "bigcommerce")
            let skus = ["50%-OFF", "50X-OFF", "A_B", "AXB", #"C\D"#, "mug-blue"]
            let products = skus.enumerated().map { StoreFixture.product($1, productID: $0 + 1, variantID: $0 + 1) }
            _ = try await store.storeCatalogPage(
                integrationID: "bigcommerce", page: 1, total: skus.count, products: products, problems: [],
                importedProducts: skus.count, isLast: true)

            func found(_ search: String) async throws -> [String] {
                try await store.products(search: search).products.map(\.sku.value).sorted()
            }
            #expect(try await found("%") == ["50%-OFF"])
            #expect(try await found("50%") == ["50%-OFF"])
            #expect(try await found("_") == ["A_B"])
            #expect(try await found(#"\"#) == [#"C\D"#])
            #expect(try await found("MUG-B") == ["mug-blue"])
            #expect(try await found("off") == ["50%-OFF", "50X-OFF"])
            #expect(try await store.products(search: "", offset: 2, limit: 2).products.count == 2)
        }
    }

    @Test(arguments: [Engine.sqlite, .postgresql])
    func importingAnOrderTwiceIsANoOp(engine: Engine) async throws {
        try await withStore(engine) { store, _ in
            try await store.save(StoreFixture.integration())
            let order = StoreFixture.order("114-1", lines: [("1", "MUG-1", 2), ("2", "TEE-RED", 1)])
            let first = try await store.upsert(order, state: .ready, reason: nil)
            let second = try await store.upsert(order, state: .ready, reason: nil)
            #expect(first.isNew)
            #expect(!second.isNew)
            #expect(second.id == first.id)

            let record = try #require(try await store.order(id: first.id))
            #expect(record.order.lines.map(\.lineID) == ["1", "2"])
            #expect(record.order.total == Money(minorUnits: 2598, currency: "GBP"))
            #expect(try await store.orders().total == 1)
            let found = try await store.orderIDAndLines(integrationID: "amazon-us", marketplaceOrderID: "114-1")
            #expect(found?.id == first.id)
            #expect(found?.hasLines == true)
            #expect(try await store.orderIDs(state: .ready) == [first.id])
        }
    }

    @Test(arguments: [Engine.sqlite, .postgresql])
    func anOrderChangesTogetherWithTheJobThatRoutesIt(engine: Engine) async throws {
        try await withStore(engine) { store, _ in
            try await store.save(StoreFixture.integration())
            let order = StoreFixture.order("114-2", lines: [("1", "MUG-1", 2)])
            let routing = OrderJob(kind: "order.route", integration: "bigcommerce")
            let id = try await store.upsert(order, state: .ready, reason: nil, queueing: [routing]).id
            // Stored again (a poll after a crash): still one job, keyed by the order's id.
            try await store.upsert(order, state: .ready, reason: nil, queueing: [routing])
            #expect(try await store.pendingJobCounts() == ["order.route": 1])
            let job = try #require(try await store.claimJob(integrations: ["bigcommerce"]))
            #expect(job.kind == "order.route")
            #expect(job.key == String(id))
            try await store.completeJob(job)

            // Retry of a blocked order: the state and the job change together.
            let blocked = try await store.upsert(
                StoreFixture.order("114-3", lines: [("1", "GONE-1", 1)]), state: .blocked, reason: "Unknown SKU"
            ).id
            #expect(try await store.setOrderState(.ready, reason: nil, orderID: blocked, queueing: [routing]))
            #expect(try await store.pendingJobCounts() == ["order.route": 1])
        }
    }

    @Test(arguments: [Engine.sqlite, .postgresql])
    func orderStateOnlyMovesForward(engine: Engine) async throws {
        try await withStore(engine) { store, _ in
            try await store.save(StoreFixture.integration())
            let order = StoreFixture.order("114-2")
            let id = try await store.upsert(order, state: .waiting, reason: "The catalogue import is running.").id
            #expect(try await store.setOrderState(.ready, reason: nil, orderID: id) == true)
            try await store.recordRouted(orderID: id, bigCommerceOrderID: 501, lineProductIDs: ["1": 9001])

            #expect(try await store.setOrderState(.ready, reason: nil, orderID: id) == false)
            try await store.upsert(order, state: .blocked, reason: "Unknown SKU")
            let record = try #require(try await store.order(id: id))
            #expect(record.state == .routed)
            #expect(record.reason == nil)
            #expect(record.bigCommerceOrderID == 501)
            #expect(record.order.lines.first?.bigCommerceOrderProductID == 9001)
            #expect(try await store.orderID(bigCommerceOrderID: 501) == id)

            let counts = try await store.orderCounts()
            #expect(counts.imported == 1 && counts.routed == 1 && counts.waiting == 0 && counts.blocked == 0)
        }
    }

    @Test(arguments: [Engine.sqlite, .postgresql])
    func ordersReserveTheirUnitsUntilBigCommerceHasThem(engine: Engine) async throws {
        try await withStore(engine) { store, _ in
            try await store.save(StoreFixture.integration())
            let first = try await store.upsert(
                StoreFixture.order("114-3", lines: [("1", "MUG-1", 2)]), state: .ready, reason: nil)
            try await store.upsert(
                StoreFixture.order("114-4", lines: [("1", "mug-1", 3)]), state: .blocked, reason: "x")
            try await store.upsert(
                StoreFixture.order("114-5", status: "Pending", lines: [("1", "MUG-1", 7)]), state: .waiting,
                reason: nil)
            #expect(try await store.reservedQuantity(sku: SKU("Mug-1")) == 5)

            try await store.recordRouted(orderID: first.id, bigCommerceOrderID: 502, lineProductIDs: [:])
            #expect(try await store.reservedQuantity(sku: SKU("MUG-1")) == 3)
            let counts = try await store.orderCounts()
            #expect(counts.imported == 3 && counts.routed == 1 && counts.waiting == 1 && counts.blocked == 1)
        }
    }

    @Test(arguments: [Engine.sqlite, .postgresql])
    func twoPackagesRecordedAtOnceShipTheOrder(engine: Engine) async throws {
        try await withStore(engine) { store, database in
            try await store.save(StoreFixture.integration())
            // Two workers record the two packages of an order at the same moment, twenty times over.
            let other = try await database.open()
            for round in 1...20 {
                let order = StoreFixture.order("114-7-\(round)", lines: [("1", "MUG-1", 2), ("2", "TEE-RED", 1)])
                let orderID = try await store.upsert(order, state: .ready, reason: nil).id
                try await store.recordRouted(orderID: orderID, bigCommerceOrderID: 600 + round, lineProductIDs: [:])
                let first = try await store.recordShipment(
                    orderID: orderID, bigCommerceShipmentID: 1, trackingNumber: "1Z1", carrier: "ups", lines: ["1": 2])
                let second = try await store.recordShipment(
                    orderID: orderID, bigCommerceShipmentID: 2, trackingNumber: "1Z2", carrier: "ups", lines: ["2": 1])
                async let one: Void = store.recordShipmentSent(id: first)
                async let two: Void = other.recordShipmentSent(id: second)
                _ = try await (one, two)
                #expect(try await store.order(id: orderID)?.state == .shipped, "round \(round)")
            }
        }
    }

    @Test(arguments: [Engine.sqlite, .postgresql])
    func shipmentsAreRecordedOnceAndMoveTheOrderForward(engine: Engine) async throws {
        try await withStore(engine) { store, _ in
            try await store.save(StoreFixture.integration())
            let order = StoreFixture.order("114-6", lines: [("1", "MUG-1", 2), ("2", "TEE-RED", 1)])
            let orderID = try await store.upsert(order, state: .ready, reason: nil).id
            try await store.recordRouted(orderID: orderID, bigCommerceOrderID: 503, lineProductIDs: [:])

            let first = try await store.recordShipment(
                orderID: orderID, bigCommerceShipmentID: 1, trackingNumber: "1Z1", carrier: "ups", lines: ["1": 5])
            let again = try await store.recordShipment(
                orderID: orderID, bigCommerceShipmentID: 1, trackingNumber: "1Z1", carrier: "ups", lines: ["1": 5])
            #expect(again == first)
            #expect(try await store.pendingJobCounts() == ["tracking.send": 1])

            // More units than the line has are capped at the line's quantity.
            try await store.recordShipmentSent(id: first)
            try await store.recordShipmentSent(id: first)
            var record = try #require(try await store.order(id: orderID))
            #expect(record.state == .partiallyShipped)
            #expect(record.order.lines.map(\.quantityShipped) == [2, 0])
            #expect(record.trackingNumbers == ["1Z1"])

            let second = try await store.recordShipment(
                orderID: orderID, bigCommerceShipmentID: 2, trackingNumber: nil, carrier: nil, lines: ["2": 1])
            try await store.recordShipmentFailed(id: second, error: "The carrier is unknown.")
            #expect(try await store.shipment(id: second)?.state == .failed)
            try await store.recordShipmentSent(id: second)
            record = try #require(try await store.order(id: orderID))
            #expect(record.state == .shipped)
            #expect(try await store.shipments(orderID: orderID).map(\.bigCommerceShipmentID) == [1, 2])
            #expect(try await store.orderCounts().trackingSent == 1)
        }
    }

    @Test(arguments: [Engine.sqlite, .postgresql])
    func listingsAndBigCommerceOrderCopiesAreUpserted(engine: Engine) async throws {
        try await withStore(engine) { store, _ in
            try await store.save(StoreFixture.integration())
            try await store.upsertListing(integrationID: "amazon-us", channelSKU: "mug-1", quantity: 4)
            try await store.upsertListing(integrationID: "amazon-us", channelSKU: "mug-1", quantity: 6)
            try await store.recordListingError(integrationID: "amazon-us", channelSKU: "mug-1", error: "Throttled")
            #expect(try await store.listings(sku: SKU("MUG-1")).map(\.confirmedQuantity) == [6])
            try await store.recordQuantityPushed(integrationID: "amazon-us", channelSKU: "mug-1", quantity: 3)
            let listing = try #require(try await store.listings(integrationID: "amazon-us").first)
            #expect(listing.confirmedQuantity == 3)
            #expect(listing.lastError == nil)

            var copy = BigCommerceOrderCopy(
                id: 700, statusID: 11, status: "Awaiting Fulfillment", externalSource: "Amazon",
                externalOrderID: "114-7", total: Money(minorUnits: 995, currency: "GBP"),
                dateCreated: "Fri, 01 Mar 2024 10:00:00 +0000", dateModified: nil)
            try await store.upsert(copy)
            copy.statusID = 2
            try await store.upsert(copy)
            #expect(try await store.bigCommerceOrders() == [copy])
        }
    }

    @Test(arguments: [Engine.sqlite, .postgresql])
    func webhookDeliveriesAreAcceptedOnce(engine: Engine) async throws {
        try await withStore(engine) { store, _ in
            let recorded = try await store.recordWebhookDelivery(hash: "h1", scope: "store/product/updated")
            let recordedAgain = try await store.recordWebhookDelivery(hash: "h1", scope: "store/product/updated")
            #expect(recorded && !recordedAgain)

            let job = (kind: "product.refresh", key: "77", payload: ["product_id": "77"])
            let accepted = try await store.acceptWebhook(
                hash: "h2", scope: "store/product/updated", integration: "bigcommerce", job: job)
            let acceptedAgain = try await store.acceptWebhook(
                hash: "h2", scope: "store/product/updated", integration: "bigcommerce", job: job)
            #expect(accepted && !acceptedAgain)
            let pending = try await store.pendingJobCounts()
            #expect(pending == ["product.refresh": 1])
            let claimed = try await store.claimJob()
            #expect(claimed?.payload == ["product_id": "77"])
        }
    }

    @Test(arguments: [Engine.sqlite, .postgresql])
    func refusesASchemaNewerThanItUnderstands(engine: Engine) async throws {
        try await withStore(engine) { store, database in
            try await store.database.write { db in
                try db.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", [999, 0])
            }
            let error = await #expect(throws: SchemaError.self) { _ = try await database.open() }
            #expect(error?.description.contains("version 999") == true)
            #expect(error?.description.contains("Upgrade crossdock") == true)
        }
    }

    @Test(arguments: [Engine.sqlite, .postgresql])
    func constraintViolationsCarryTheSQLButNotTheValues(engine: Engine) async throws {
        try await withStore(engine) { store, _ in
            let insert = "INSERT INTO webhook_deliveries (hash, scope, received_at) VALUES (?, ?, ?)"
            try await store.database.write { db in try db.execute(insert, ["secret-hash", "scope", 1]) }
            let error = await #expect(throws: (any Error).self) {
                try await store.database.write { db in try db.execute(insert, ["secret-hash", "scope", 1]) }
            }
            let failure = try #require(error as? any SQLError)
            #expect(failure.isConstraintViolation)
            #expect(failure.description.contains(insert))
            #expect(!failure.description.contains("secret-hash"))
        }
    }
}
