import CrossdockHTTP
import Foundation

extension BigCommerceStore {
    func order(id: Int) -> StoreOrder? {
        orderPositions[id].map { orders[$0] }
    }

    func allOrders() -> [StoreOrder] { orders }

    /// Orders created after the one with `id`, for the simulated warehouse.
    func orders(after id: Int) -> [StoreOrder] {
        guard let last = orders.last, last.id > id else { return [] }
        return orders.filter { $0.id > id }
    }

    func orders(matching query: OrderQuery) -> [StoreOrder] {
        let matches = orders.filter(query.matches).sorted(by: query.precedes)
        return Self.page(matches, page: query.page, limit: query.limit)
    }

    /// `POST /v2/orders`: validates the lines, takes catalogue lines from stock (stock may go negative),
    /// and returns the order with its webhooks.
    func createOrder(_ request: OrderRequest, now: Date) -> Result<(StoreOrder, [WebhookEvent]), BigCommerceFailure> {
        guard let requestLines = request.products, !requestLines.isEmpty else {
            return .failure(BigCommerceFailure(status: 400, message: "The field 'products' is required."))
        }
        guard let billing = request.billingAddress else {
            return .failure(BigCommerceFailure(status: 400, message: "The field 'billing_address' is required."))
        }
        let statusId = request.statusId ?? 1
        guard OrderStatus.names[statusId] != nil else {
            return .failure(BigCommerceFailure(status: 400, message: "The field 'status_id' is invalid."))
        }
        if let problem = Self.overrideProblem(request) {
            return .failure(BigCommerceFailure(status: 400, message: problem))
        }
        var created = SandboxDates.wholeSeconds(now)
        if let text = request.dateCreated {
            guard let date = SandboxDates.parseBigCommerceFilter(text) else {
                return .failure(BigCommerceFailure(status: 400, message: "The field 'date_created' is invalid."))
            }
            created = date
        }

        // Resolve every line before anything changes, so a bad line leaves the store untouched.
        var resolved: [(line: OrderRequestLine, product: CatalogProduct?, variant: CatalogVariant?)] = []
        for (index, line) in requestLines.enumerated() {
            switch resolveLine(line, index: index) {
            case .success(let match): resolved.append((line, match?.0, match?.1))
            case .failure(let failure): return .failure(failure)
            }
        }

        let addressRequests = request.shippingAddresses ?? []
        let shippingAddresses =
            (addressRequests.isEmpty ? [ShippingAddressRequest(address: billing)] : addressRequests).map { request in
                defer { nextOrderAddressId += 1 }
                return OrderShippingAddress(
                    id: nextOrderAddressId, address: request.address, shippingMethod: request.shippingMethod ?? "")
            }
        let currency = (request.currencyCode ?? request.defaultCurrencyCode ?? "GBP").uppercased()
        let lines = resolved.map { entry in
            makeLine(entry.line, product: entry.product, variant: entry.variant, addressId: shippingAddresses[0].id)
        }
        let shippingExTax = (request.shippingCostExTax ?? request.shippingCostIncTax)?.value ?? 0
        let shippingIncTax = (request.shippingCostIncTax ?? request.shippingCostExTax)?.value ?? 0
        let subtotalExTax =
            request.subtotalExTax?.value
            ?? lines.reduce(Decimal(0)) { $0 + $1.priceExTax * Decimal($1.quantity) }
        let subtotalIncTax =
            request.subtotalIncTax?.value
            ?? lines.reduce(Decimal(0)) { $0 + $1.priceIncTax * Decimal($1.quantity) }
        let orderId = nextOrderId
        nextOrderId += 1
        let order = StoreOrder(
            id: orderId, statusId: statusId, customerId: request.customerId ?? 0, dateCreated: created,
            dateModified: SandboxDates.wholeSeconds(now), dateShipped: nil, currencyCode: currency,
            billingAddress: billing, shippingAddresses: shippingAddresses, lines: lines, shipments: [],
            externalSource: request.externalSource, externalOrderId: request.externalOrderId,
            shippingCostExTax: shippingExTax, shippingCostIncTax: shippingIncTax, subtotalExTax: subtotalExTax,
            subtotalIncTax: subtotalIncTax, totalExTax: request.totalExTax?.value ?? subtotalExTax + shippingExTax,
            totalIncTax: request.totalIncTax?.value ?? subtotalIncTax + shippingIncTax,
            staffNotes: request.staffNotes ?? "", customerMessage: request.customerMessage ?? "")
        orderPositions[orderId] = orders.count
        orders.append(order)

        let stockEvents = moveStock(for: lines, direction: -1)
        let createdEvent = WebhookEvent(scope: "store/order/created", data: ["type": "order", "id": .int(orderId)])
        return .success((order, [createdEvent] + stockEvents))
    }

    /// Amount overrides come in ex/inc tax pairs and cannot be negative.
    private static func overrideProblem(_ request: OrderRequest) -> String? {
        let pairs: [(String, LooseDecimal?, LooseDecimal?)] = [
            ("subtotal", request.subtotalExTax, request.subtotalIncTax),
            ("total", request.totalExTax, request.totalIncTax),
        ]
        for (name, exTax, incTax) in pairs where (exTax == nil) != (incTax == nil) {
            return "The fields '\(name)_ex_tax' and '\(name)_inc_tax' must be given together."
        }
        let amounts = [
            request.subtotalExTax, request.subtotalIncTax, request.totalExTax, request.totalIncTax,
            request.shippingCostExTax, request.shippingCostIncTax,
        ]
        if amounts.contains(where: { ($0?.value ?? 0) < 0 }) {
            return "Amounts cannot be negative."
        }
        return nil
    }

    private func resolveLine(_ line: OrderRequestLine, index: Int) -> Result<
        (CatalogProduct, CatalogVariant)?, BigCommerceFailure
    > {
        guard let quantity = line.quantity, quantity > 0 else {
            return .failure(
                BigCommerceFailure(status: 400, message: "The field 'products[\(index)].quantity' is invalid."))
        }
        guard let productId = line.productId else {
            // A custom product: needs a name and a price, touches no stock.
            guard let name = line.name, !name.isEmpty, line.priceExTax != nil || line.priceIncTax != nil else {
                return .failure(
                    BigCommerceFailure(
                        status: 400,
                        message: "The field 'products[\(index)]' needs a product_id, or a name and a price."))
            }
            return .success(nil)
        }
        guard let product = product(id: productId) else {
            return .failure(
                BigCommerceFailure(status: 400, message: "The product with ID \(productId) does not exist."))
        }
        if let variantId = line.variantId {
            guard let variant = product.variants.first(where: { $0.id == variantId }) else {
                return .failure(
                    BigCommerceFailure(
                        status: 400,
                        message: "The variant with ID \(variantId) does not belong to product \(productId)."))
            }
            return .success((product, variant))
        }
        if let options = line.productOptions, !options.isEmpty {
            let chosen = Dictionary(options.map { ($0.id, $0.valueId) }, uniquingKeysWith: { first, _ in first })
            let variant = product.variants.first { variant in
                variant.optionValues.count == chosen.count
                    && variant.optionValues.allSatisfy { chosen[$0.optionId] == $0.id }
            }
            guard let variant else {
                return .failure(
                    BigCommerceFailure(status: 400, message: "The options of product \(productId) are not valid."))
            }
            return .success((product, variant))
        }
        guard product.isSimple, let base = product.variants.first else {
            return .failure(
                BigCommerceFailure(
                    status: 400,
                    message: "Product \(productId) has options; give a variant_id or product_options."))
        }
        return .success((product, base))
    }

    private func makeLine(
        _ line: OrderRequestLine, product: CatalogProduct?, variant: CatalogVariant?, addressId: Int
    ) -> OrderLine {
        defer { nextOrderProductId += 1 }
        let catalogPrice = product.flatMap { product in
            variant.map { Money.major(minor: product.pricePence(of: $0), currency: "GBP") }
        }
        let exTax = (line.priceExTax ?? line.priceIncTax)?.value ?? catalogPrice ?? 0
        let incTax = (line.priceIncTax ?? line.priceExTax)?.value ?? catalogPrice ?? 0
        return OrderLine(
            id: nextOrderProductId, productId: product?.id ?? 0,
            variantId: variant?.id, orderAddressId: addressId,
            name: line.name ?? product?.name ?? "", sku: variant?.sku ?? line.sku ?? "",
            quantity: line.quantity ?? 1, quantityShipped: 0, priceExTax: exTax, priceIncTax: incTax,
            options: variant?.optionValues ?? [], tookStock: product.map { $0.tracking != .none } ?? false)
    }

    /// Takes lines from stock (`direction` −1) or returns them (+1); one order-driven webhook per location.
    private func moveStock(for lines: [OrderLine], direction: Int) -> [WebhookEvent] {
        var touched: [StockLocation] = []
        for line in lines where line.tookStock {
            guard let variantId = line.variantId, let product = product(id: line.productId) else { continue }
            let location: StockLocation =
                product.tracking == .variant
                ? .variant(productId: product.id, variantId: variantId) : .product(id: product.id)
            setLevel(level(at: location) + direction * line.quantity, at: location)
            if !touched.contains(location) { touched.append(location) }
        }
        return touched.map { inventoryEvent(at: $0, orderDriven: true) }
    }

    /// `PUT /v2/orders/{id}`. Cancelling or refunding returns the lines to stock, as BigCommerce's
    /// default inventory settings do.
    func updateOrder(id: Int, _ update: OrderUpdateRequest, now: Date) -> Result<
        (StoreOrder, [WebhookEvent]), BigCommerceFailure
    > {
        guard let index = orderPositions[id] else {
            return .failure(BigCommerceFailure(status: 404, message: "The requested resource was not found."))
        }
        var events: [WebhookEvent] = []
        if let statusId = update.statusId {
            guard OrderStatus.names[statusId] != nil else {
                return .failure(BigCommerceFailure(status: 400, message: "The field 'status_id' is invalid."))
            }
            let previous = orders[index].statusId
            let releases = [OrderStatus.cancelled, OrderStatus.refunded]
            if releases.contains(statusId) && !releases.contains(previous) {
                events += moveStock(for: orders[index].lines, direction: 1)
            }
            orders[index].statusId = statusId
            if previous != statusId {
                events.append(statusEvent(orderId: id, from: previous, to: statusId))
            }
        }
        if let externalOrderId = update.externalOrderId { orders[index].externalOrderId = externalOrderId }
        if let staffNotes = update.staffNotes { orders[index].staffNotes = staffNotes }
        if let customerMessage = update.customerMessage { orders[index].customerMessage = customerMessage }
        orders[index].dateModified = SandboxDates.wholeSeconds(now)
        events.insert(WebhookEvent(scope: "store/order/updated", data: ["type": "order", "id": .int(id)]), at: 0)
        return .success((orders[index], events))
    }

    private func statusEvent(orderId: Int, from previous: Int, to next: Int) -> WebhookEvent {
        WebhookEvent(
            scope: "store/order/statusUpdated",
            data: [
                "type": "order", "id": .int(orderId),
                "status": ["previous_status_id": .int(previous), "new_status_id": .int(next)],
            ])
    }

    /// `POST /v2/orders/{id}/shipments`. With `shipEverythingByDefault` (the merchant's ship action),
    /// missing items mean every unshipped unit and a missing address means the first one.
    func createShipment(
        orderId: Int, _ request: ShipmentRequest, shipEverythingByDefault: Bool, now: Date
    ) -> Result<(OrderShipment, [WebhookEvent]), BigCommerceFailure> {
        guard let index = orderPositions[orderId] else {
            return .failure(BigCommerceFailure(status: 404, message: "The requested resource was not found."))
        }
        let order = orders[index]
        guard ![OrderStatus.cancelled, OrderStatus.refunded].contains(order.statusId) else {
            return .failure(
                BigCommerceFailure(status: 400, message: "Order \(orderId) is \(OrderStatus.name(order.statusId))."))
        }
        let addressId = request.orderAddressId ?? (shipEverythingByDefault ? order.shippingAddresses.first?.id : nil)
        guard let addressId, order.shippingAddresses.contains(where: { $0.id == addressId }) else {
            return .failure(BigCommerceFailure(status: 400, message: "The field 'order_address_id' is invalid."))
        }
        let provider = request.shippingProvider ?? ""
        guard ShippingProvider.isAccepted(provider) else {
            return .failure(BigCommerceFailure(status: 400, message: "The field 'shipping_provider' is invalid."))
        }
        let trackingNumber = request.trackingNumber ?? ""
        guard trackingNumber.count <= 50 else {
            return .failure(
                BigCommerceFailure(status: 400, message: "The field 'tracking_number' is longer than 50 characters."))
        }
        let wanted =
            request.items
            ?? (shipEverythingByDefault
                ? order.lines.filter { $0.quantity > $0.quantityShipped }.map {
                    ShipmentRequest.Item(orderProductId: $0.id, quantity: $0.quantity - $0.quantityShipped)
                } : [])
        guard !wanted.isEmpty else {
            let message = request.items == nil && shipEverythingByDefault ? "Nothing is left to ship." : "Give items."
            return .failure(BigCommerceFailure(status: 400, message: message))
        }

        // Check every item against what is left to ship before changing anything.
        var lines = order.lines
        for item in wanted {
            guard let lineIndex = lines.firstIndex(where: { $0.id == item.orderProductId }) else {
                return .failure(
                    BigCommerceFailure(
                        status: 400, message: "The order product \(item.orderProductId) is not in order \(orderId)."))
            }
            let left = lines[lineIndex].quantity - lines[lineIndex].quantityShipped
            guard item.quantity > 0, item.quantity <= left else {
                return .failure(
                    BigCommerceFailure(
                        status: 400,
                        message: "Cannot ship \(item.quantity) of order product \(item.orderProductId); \(left) left."))
            }
            lines[lineIndex].quantityShipped += item.quantity
        }

        let stamp = SandboxDates.wholeSeconds(now)
        let shipment = OrderShipment(
            id: nextShipmentId, orderId: orderId, orderAddressId: addressId, dateCreated: stamp,
            trackingNumber: trackingNumber, shippingProvider: provider, trackingCarrier: request.trackingCarrier ?? "",
            trackingLink: request.trackingLink ?? "", shippingMethod: request.shippingMethod ?? "",
            comments: request.comments ?? "",
            items: wanted.map { item in
                let productId = lines.first { $0.id == item.orderProductId }?.productId ?? 0
                return ShipmentItem(orderProductId: item.orderProductId, productId: productId, quantity: item.quantity)
            })
        nextShipmentId += 1

        let previous = order.statusId
        let everythingShipped = lines.allSatisfy { $0.quantityShipped >= $0.quantity }
        orders[index].lines = lines
        orders[index].shipments.append(shipment)
        orders[index].statusId = everythingShipped ? OrderStatus.shipped : OrderStatus.partiallyShipped
        orders[index].dateModified = stamp
        if everythingShipped { orders[index].dateShipped = stamp }

        var events = [
            WebhookEvent(
                scope: "store/shipment/created",
                data: ["type": "shipment", "id": .int(shipment.id), "orderId": .int(orderId)]),
            WebhookEvent(scope: "store/order/updated", data: ["type": "order", "id": .int(orderId)]),
        ]
        if previous != orders[index].statusId {
            events.append(statusEvent(orderId: orderId, from: previous, to: orders[index].statusId))
        }
        return .success((shipment, events))
    }
}
