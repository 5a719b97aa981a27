import CrossdockHTTP
import Foundation

/// Control routes acting as an Amazon buyer, and views of what the hub sent to Amazon.
extension ControlAPI {
    func addAmazonRoutes(to router: inout Router) {
        let control = self
        router.get("/_control/amazon/orders") { _ in await control.amazonOrders() }
        router.post("/_control/amazon/orders") { await control.placeAmazonOrder($0) }
        router.get("/_control/amazon/orders/{id}") { await control.amazonOrder($0) }
        router.post("/_control/amazon/orders/{id}/status") { await control.setAmazonOrderStatus($0) }
        router.get("/_control/amazon/listings/{sku}") { await control.amazonListing($0) }
        router.post("/_control/amazon/listings") { await control.createAmazonListing($0) }
        router.post("/_control/amazon/tokens/expire") { _ in await control.expireAmazonTokens() }
    }

    private struct PlacementBody: Decodable {
        var amazonOrderId: String?
        var status: String?
        var purchaseDate: String?
        var currency: String?
        var buyer: SeedBuyer?
        var lines: [SeedOrderLine]
    }

    func placeAmazonOrder(_ request: HTTPRequest) async -> HTTPResponse {
        let body: PlacementBody
        switch RequestBody.decodeExplaining(PlacementBody.self, from: request.body) {
        case .success(let decoded): body = decoded
        case .failure(let failure): return Self.problem(failure.message)
        }
        guard let status = AmazonOrderStatus(rawValue: body.status ?? "Unshipped") else {
            return Self.problem("status is Unshipped or Pending.")
        }
        var purchaseDate: Date?
        if let text = body.purchaseDate {
            guard let parsed = SandboxDates.parseISO8601(text) else {
                return Self.problem("purchase_date '\(text)' is not an ISO 8601 date-time.")
            }
            purchaseDate = parsed
        }
        let buyer =
            body.buyer
            ?? SeedBuyer(
                name: "Sandbox Buyer", addressLine1: "1 High Street", city: "London", postalCode: "EC1A 1AA",
                countryCode: "GB")
        let placement = AmazonOrderPlacement(
            amazonOrderId: body.amazonOrderId, status: status, purchaseDate: purchaseDate,
            currency: body.currency ?? "GBP", buyer: buyer, lines: body.lines)
        switch await amazon.store.place(placement, now: Date()) {
        case .failure(let failure): return Self.problem(failure.message, status: failure.status)
        case .success(let order): return .jsonTree(["amazon_order_id": order.amazonOrderId], status: 201)
        }
    }

    private struct StatusBody: Decodable {
        var status: String
    }

    func setAmazonOrderStatus(_ request: HTTPRequest) async -> HTTPResponse {
        guard let body = RequestBody.decode(StatusBody.self, from: request.body),
            let status = AmazonOrderStatus(rawValue: body.status)
        else { return Self.problem("Give {\"status\": \"Unshipped\" | \"Canceled\" | …}.") }
        switch await amazon.store.setStatus(orderId: request.parameter("id"), to: status, now: Date()) {
        case .failure(let failure): return Self.problem(failure.message, status: failure.status)
        case .success(let order): return .jsonTree(Self.view(of: order))
        }
    }

    func amazonOrder(_ request: HTTPRequest) async -> HTTPResponse {
        guard let order = await amazon.store.order(id: request.parameter("id")) else {
            return Self.problem("No such order.", status: 404)
        }
        return .jsonTree(Self.view(of: order))
    }

    func amazonOrders() async -> HTTPResponse {
        .jsonTree(await amazon.store.allOrders().map(Self.view))
    }

    /// The control view of an order: what the buyer ordered and every shipment confirmation received.
    static func view(of order: AmazonOrder) -> [String: Any] {
        [
            "amazon_order_id": order.amazonOrderId, "status": order.status.rawValue,
            "purchase_date": SandboxDates.iso8601(order.purchaseDate),
            "last_update_date": SandboxDates.iso8601(order.lastUpdateDate), "currency": order.currency,
            "total": order.totalMinor, "invoice": orNull(order.invoice),
            "invoice_placed_at": orNull(order.invoicePlacedAt),
            "lines": order.items.map { item in
                [
                    "order_item_id": item.orderItemId, "sku": item.sku, "asin": item.asin,
                    "quantity_ordered": item.quantityOrdered, "quantity_shipped": item.quantityShipped,
                    "unit_price": item.unitPriceMinor,
                ] as [String: Any]
            },
            "shipment_confirmations": order.confirmations.map { confirmation in
                [
                    "package_reference_id": confirmation.packageReferenceId, "carrier_code": confirmation.carrierCode,
                    "carrier_name": orNull(confirmation.carrierName),
                    "shipping_method": orNull(confirmation.shippingMethod),
                    "tracking_number": confirmation.trackingNumber,
                    "ship_date": SandboxDates.iso8601(confirmation.shipDate),
                    "received_at": SandboxDates.iso8601(confirmation.receivedAt),
                    "items": confirmation.items.map { ["order_item_id": $0.orderItemId, "quantity": $0.quantity] },
                ] as [String: Any]
            },
        ]
    }

    func amazonListing(_ request: HTTPRequest) async -> HTTPResponse {
        let sku = request.parameter("sku")
        guard let listing = await amazon.store.listing(sku: sku) else {
            return Self.problem("No listing has the SKU '\(sku)'.", status: 404)
        }
        return .jsonTree([
            "sku": listing.sku, "asin": listing.asin, "quantity": listing.quantity, "updates": listing.quantityUpdates,
            "price": orNull(listing.priceMinor), "currency": listing.currency, "item_name": listing.itemName,
        ])
    }

    private struct ListingBody: Decodable {
        var sku: String
        var quantity: Int?
        var itemName: String?
        var price: Int?
    }

    func createAmazonListing(_ request: HTTPRequest) async -> HTTPResponse {
        guard let body = RequestBody.decode(ListingBody.self, from: request.body) else {
            return Self.problem("Give {\"sku\", \"quantity\"?, \"item_name\"?, \"price\"?: pence}.")
        }
        let item = ListingSeed(
            sku: body.sku, itemName: body.itemName ?? body.sku, quantity: body.quantity ?? 0, pricePence: body.price)
        await amazon.store.list([item], now: Date())
        return .jsonTree(["sku": body.sku], status: 201)
    }

    func expireAmazonTokens() async -> HTTPResponse {
        await amazon.store.expireTokens(now: Date())
        return .empty(status: 204)
    }
}
