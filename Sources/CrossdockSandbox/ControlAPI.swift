import CrossdockHTTP
import Foundation

/// The sandbox's own API under `/_control` (no authentication, JSON): the accounts to connect,
/// and actions of a merchant, a buyer and the test harness. Control calls use no channel quota.
struct ControlAPI: Sendable {
    let bigCommerce: BigCommerceAPI
    let amazon: AmazonAPI
    let replay: Replay
    let address: SandboxAddress

    func makeRouter() -> Router {
        var router = Router()
        let control = self
        router.get("/_control") { _ in control.accounts() }
        router.post("/_control/bigcommerce/catalog") { await control.loadCatalog($0) }
        router.post("/_control/bigcommerce/inventory") { await control.setInventory($0) }
        router.post("/_control/bigcommerce/products/{id}") { await control.modifyProduct($0) }
        router.get("/_control/bigcommerce/orders") { _ in await control.bigCommerceOrders() }
        router.post("/_control/bigcommerce/orders/{id}/ship") { await control.shipOrder($0) }
        router.post("/_control/bigcommerce/faults") { await control.queueFault($0) }
        router.delete("/_control/bigcommerce/faults") { _ in await control.clearFaults() }
        router.get("/_control/bigcommerce/traffic") { _ in await control.traffic() }
        router.get("/_control/bigcommerce/webhooks/deliveries") { _ in await control.webhookDeliveries() }
        router.post("/_control/bigcommerce/webhooks/faults") { await control.queueDeliveryFault($0) }
        router.post("/_control/replay") { await control.startReplay($0) }
        router.get("/_control/replay") { _ in await control.replayStatus() }
        router.post("/_control/replay/stop") { _ in await control.stopReplay() }
        addCatalogRoutes(to: &router)
        addAmazonRoutes(to: &router)
        return router
    }

    static func problem(_ message: String, status: Int = 400) -> HTTPResponse {
        .jsonTree(["error": message], status: status)
    }

    func accounts() -> HTTPResponse {
        let base = address.baseURL
        let credentials = amazon.credentials
        return .jsonTree([
            "accounts": [
                [
                    "channel": "bigcommerce", "base_url": bigCommerce.apiBase, "token_url": NSNull(),
                    "credentials": ["store_hash": bigCommerce.storeHash, "access_token": bigCommerce.accessToken],
                ] as [String: Any],
                [
                    "channel": "amazon", "base_url": "\(base)/amazon", "token_url": "\(base)/amazon/auth/o2/token",
                    "credentials": [
                        "client_id": credentials.clientId, "client_secret": credentials.clientSecret,
                        "refresh_token": credentials.refreshToken, "seller_id": credentials.sellerId,
                        "marketplace_id": credentials.marketplaceId,
                    ],
                ],
            ]
        ])
    }

    // MARK: BigCommerce merchant

    private struct CatalogBody: Decodable {
        var products: [SeedProduct]
        var replace: Bool?
        var listOnAmazon: Bool?
    }

    func loadCatalog(_ request: HTTPRequest) async -> HTTPResponse {
        let body: CatalogBody
        switch RequestBody.decodeExplaining(CatalogBody.self, from: request.body) {
        case .success(let decoded): body = decoded
        case .failure(let failure): return Self.problem(failure.message)
        }
        let added: [CatalogProduct]
        let listed: Int
        switch await load(body.products, replace: body.replace ?? false, listOnAmazon: body.listOnAmazon ?? true) {
        case .success(let loaded): (added, listed) = (loaded.added, loaded.listed)
        case .failure(let failure): return Self.problem(failure.message, status: failure.status)
        }
        return .jsonTree(
            [
                "products": added.map { ["id": $0.id, "sku": $0.sku, "variant_ids": $0.variants.map(\.id)] },
                "listed_on_amazon": listed,
            ], status: 201)
    }

    /// Every SKU a buyer can order (simple products and variants), with its stock and the price a
    /// buyer pays, for listing on Amazon. Empty SKUs and SKUs over Amazon's 40 characters are not listed.
    static func sellableItems(of products: [CatalogProduct]) -> [ListingSeed] {
        products.flatMap { product in
            product.variants.compactMap { variant -> ListingSeed? in
                let sku = product.isSimple ? product.sku : variant.sku
                guard !sku.isEmpty, sku.count <= 40 else { return nil }
                let labels = variant.optionValues.map(\.label).joined(separator: ", ")
                let name = labels.isEmpty ? product.name : "\(product.name) - \(labels)"
                return ListingSeed(
                    sku: sku, itemName: name, quantity: product.inventoryLevel(of: variant),
                    pricePence: product.sellingPricePence(of: variant))
            }
        }
    }

    private struct InventoryBody: Decodable {
        var sku: String
        var quantity: Int
    }

    func setInventory(_ request: HTTPRequest) async -> HTTPResponse {
        guard let body = RequestBody.decode(InventoryBody.self, from: request.body) else {
            return Self.problem("Give {\"sku\": \"…\", \"quantity\": n}.")
        }
        switch await bigCommerce.store.setStock(sku: body.sku, quantity: body.quantity) {
        case .failure(let failure):
            return Self.problem(failure.message, status: failure.status == 422 ? 404 : failure.status)
        case .success(let events):
            await bigCommerce.webhooks.publish(events)
            return .jsonTree(["sku": body.sku, "quantity": body.quantity])
        }
    }

    private struct ProductChangeBody: Decodable {
        var name: String?
        /// Pence, as in the seed format.
        var price: Int?
        /// Lists the product's variants' option values in reverse option order (case C1); no webhook.
        var reverseOptionValues: Bool?
    }

    func modifyProduct(_ request: HTTPRequest) async -> HTTPResponse {
        guard let id = request.intParameter("id"),
            let body = RequestBody.decode(ProductChangeBody.self, from: request.body)
        else {
            return Self.problem("Give {\"name\"?: \"…\", \"price\"?: pence, \"reverse_option_values\"?: true}.")
        }
        if let reverses = body.reverseOptionValues {
            await bigCommerce.store.setReversesOptionValues(reverses, productId: id)
            // Only the listing order changed: no new date_modified and no webhook.
            if body.name == nil && body.price == nil {
                guard let product = await bigCommerce.store.product(id: id) else {
                    return Self.problem("The requested product was not found.", status: 404)
                }
                return .jsonTree(BigCommerceWire.product(product, include: ["variants"]))
            }
        }
        switch await bigCommerce.store.modifyProduct(id: id, name: body.name, pricePence: body.price, now: Date()) {
        case .failure(let failure):
            return Self.problem(failure.message, status: failure.status)
        case .success(let (product, events)):
            await bigCommerce.webhooks.publish(events)
            return .jsonTree(BigCommerceWire.product(product, include: ["variants"]))
        }
    }

    func shipOrder(_ request: HTTPRequest) async -> HTTPResponse {
        guard let orderId = request.intParameter("id") else { return Self.problem("No such order.", status: 404) }
        let body =
            request.body.isEmpty ? ShipmentRequest() : RequestBody.decode(ShipmentRequest.self, from: request.body)
        guard let body else {
            return Self.problem(
                "Give {\"tracking_number\", \"shipping_provider\", \"items\"?: [{order_product_id, quantity}]}.")
        }
        switch await bigCommerce.ship(orderId: orderId, body, shipEverythingByDefault: true) {
        case .failure(let failure): return Self.problem(failure.message, status: failure.status)
        case .success(let (shipment, order)):
            return .jsonTree(BigCommerceWire.shipment(shipment, order: order), status: 201)
        }
    }

    func bigCommerceOrders() async -> HTTPResponse {
        let orders = await bigCommerce.store.allOrders()
        return .jsonTree(
            orders.map { order -> [String: Any] in
                [
                    "id": order.id, "status_id": order.statusId, "status": OrderStatus.name(order.statusId),
                    "external_source": orNull(order.externalSource), "external_order_id": orNull(order.externalOrderId),
                    "currency_code": order.currencyCode, "date_created": SandboxDates.rfc2822(order.dateCreated),
                    "total_inc_tax": Money.bigCommerceAmount(order.totalIncTax),
                    "lines": order.lines.map { line in
                        [
                            "order_product_id": line.id, "product_id": line.productId,
                            "variant_id": orNull(line.variantId), "sku": line.sku, "quantity": line.quantity,
                            "quantity_shipped": line.quantityShipped,
                        ] as [String: Any]
                    },
                    "shipments": order.shipments.map { BigCommerceWire.shipment($0, order: order) },
                ]
            })
    }

    private struct FaultBody: Decodable {
        var status: Int?
        var count: Int?
        var resetMs: Int?
        var pathContains: String?
        var method: String?
        var delayMs: Int?
    }

    func queueFault(_ request: HTTPRequest) async -> HTTPResponse {
        guard let body = RequestBody.decode(FaultBody.self, from: request.body),
            body.status != nil || body.delayMs != nil
        else {
            return Self.problem(
                "Give {\"status\": 429, \"count\"?: 1, \"reset_ms\"?, \"path_contains\"?, \"delay_ms\"?}.")
        }
        if let status = body.status, !(400...599).contains(status) {
            return Self.problem("An injected status is between 400 and 599.")
        }
        let fault = InjectedFault(
            status: body.status, remaining: max(1, body.count ?? 1), resetMilliseconds: body.resetMs,
            pathContains: body.pathContains, method: body.method, delayMilliseconds: body.delayMs)
        await bigCommerce.traffic.queue(fault)
        return .jsonTree(["queued": fault.remaining], status: 201)
    }

    /// `{"admitted", "throttled", "faulted"}`: BigCommerce API requests counted by outcome.
    func traffic() async -> HTTPResponse {
        let counts = await bigCommerce.traffic.counts
        return .json(["admitted": counts.admitted, "throttled": counts.throttled, "faulted": counts.faulted])
    }

    func clearFaults() async -> HTTPResponse {
        await bigCommerce.traffic.clearFaults()
        return .empty(status: 204)
    }

    private struct DeliveryFaultBody: Decodable {
        var copies: Int?
        var delayMs: Int?
        var count: Int?
        var scope: String?
    }

    /// Duplicate (`copies`) or late (`delay_ms`) deliveries of the next `count` events.
    func queueDeliveryFault(_ request: HTTPRequest) async -> HTTPResponse {
        guard let body = RequestBody.decode(DeliveryFaultBody.self, from: request.body),
            body.copies != nil || body.delayMs != nil
        else { return Self.problem("Give {\"copies\"?: 3, \"delay_ms\"?: 500, \"count\"?: 1, \"scope\"?: prefix}.") }
        let fault = DeliveryFault(
            scopePrefix: body.scope, remaining: max(1, body.count ?? 1), copies: min(10, max(1, body.copies ?? 1)),
            delayMilliseconds: max(0, body.delayMs ?? 0))
        await bigCommerce.webhooks.queue(fault)
        return .jsonTree(["queued": fault.remaining], status: 201)
    }

    func webhookDeliveries() async -> HTTPResponse {
        let deliveries = await bigCommerce.webhooks.recentDeliveries()
        return .jsonTree(
            deliveries.map { delivery -> [String: Any] in
                [
                    "hook_id": delivery.hookId, "scope": delivery.scope, "hash": delivery.hash,
                    "attempts": delivery.attempts, "last_status": orNull(delivery.lastStatus),
                    "delivered": delivery.delivered,
                ]
            })
    }

    // MARK: Replay

    private struct ReplayBody: Decodable {
        var speed: Double?
    }

    func startReplay(_ request: HTTPRequest) async -> HTTPResponse {
        let speed = RequestBody.decode(ReplayBody.self, from: request.body)?.speed ?? 600
        do {
            try await replay.start(speed: speed)
        } catch {
            return Self.problem("\(error)", status: error is SandboxError ? 400 : 500)
        }
        return await replayStatus()
    }

    func replayStatus() async -> HTTPResponse {
        do {
            let status = try await replay.status()
            return .jsonTree([
                "running": status.running, "speed": status.speed, "placed": status.placed, "total": status.total,
                "data_time": orNull(status.dataTime.map(SandboxDates.iso8601)),
            ])
        } catch {
            return Self.problem("\(error)", status: 500)
        }
    }

    func stopReplay() async -> HTTPResponse {
        await replay.stop()
        return await replayStatus()
    }
}
