import CrossdockHTTP
import Foundation

/// The v2 orders, order products, shipping addresses and shipments routes.
extension BigCommerceAPI {
    func addOrderRoutes(to router: inout Router) {
        let api = self
        let orders = "\(Self.prefix)/v2/orders"
        router.get(orders) { await api.listOrders($0) }
        router.post(orders) { await api.createOrder($0) }
        router.get("\(orders)/{id}") { await api.getOrder($0) }
        router.put("\(orders)/{id}") { await api.updateOrder($0) }
        router.get("\(orders)/{id}/products") { await api.listOrderProducts($0) }
        router.get("\(orders)/{id}/shipping_addresses") { await api.listShippingAddresses($0) }
        router.get("\(orders)/{id}/shipments") { await api.listShipments($0) }
        router.post("\(orders)/{id}/shipments") { await api.createShipment($0) }
        router.get("\(orders)/{id}/shipments/{shipment_id}") { await api.getShipment($0) }
    }

    func listOrders(_ request: HTTPRequest) async -> HTTPResponse {
        var query = OrderQuery()
        query.externalOrderId = request.queryValue("external_order_id")
        query.statusId = request.queryValue("status_id").flatMap { Int($0) }
        query.customerId = request.queryValue("customer_id").flatMap { Int($0) }
        query.minId = request.queryValue("min_id").flatMap { Int($0) }
        query.maxId = request.queryValue("max_id").flatMap { Int($0) }
        let dateFilters: [(String, WritableKeyPath<OrderQuery, Date?>)] = [
            ("min_date_created", \.minDateCreated), ("max_date_created", \.maxDateCreated),
            ("min_date_modified", \.minDateModified), ("max_date_modified", \.maxDateModified),
        ]
        for (name, keyPath) in dateFilters {
            guard let text = request.queryValue(name) else { continue }
            guard let date = SandboxDates.parseBigCommerceFilter(text) else {
                return error(
                    400, "The field '\(name)' is invalid: '\(text)' is neither RFC 2822 nor ISO 8601.", v2: true)
            }
            query[keyPath: keyPath] = date
        }
        if let sort = request.queryValue("sort") {
            let parts = sort.split(separator: ":").map(String.init)
            query.sort = parts.first ?? "id"
            query.descending = parts.count > 1 && parts[1].lowercased() == "desc"
        }
        query.page = request.positiveInt("page") ?? 1
        query.limit = min(request.positiveInt("limit") ?? 50, 250)

        let found = await store.orders(matching: query)
        // BigCommerce answers an empty result with 204 and no body, not with [].
        guard !found.isEmpty else { return .empty(status: 204) }
        let base = apiBase
        return .jsonTree(found.map { BigCommerceWire.order($0, apiBase: base) })
    }

    func createOrder(_ request: HTTPRequest) async -> HTTPResponse {
        let body: OrderRequest
        switch RequestBody.decodeExplaining(OrderRequest.self, from: request.body) {
        case .success(let decoded): body = decoded
        case .failure(let failure): return error(400, failure.message, v2: true)
        }
        switch await store.createOrder(body, now: Date()) {
        case .failure(let failure):
            return error(failure, v2: true)
        case .success(let (order, events)):
            await webhooks.publish(events)
            SandboxLog.debug(
                "order created",
                ["channel": "bigcommerce", "order": String(order.id), "external_order_id": order.externalOrderId ?? ""])
            return .jsonTree(BigCommerceWire.order(order, apiBase: apiBase), status: 201)
        }
    }

    func getOrder(_ request: HTTPRequest) async -> HTTPResponse {
        guard let order = await order(for: request) else { return orderNotFound() }
        return .jsonTree(BigCommerceWire.order(order, apiBase: apiBase))
    }

    func updateOrder(_ request: HTTPRequest) async -> HTTPResponse {
        guard let id = request.intParameter("id") else { return orderNotFound() }
        guard let body = RequestBody.decode(OrderUpdateRequest.self, from: request.body) else {
            return error(400, "The request body is not valid JSON.", v2: true)
        }
        switch await store.updateOrder(id: id, body, now: Date()) {
        case .failure(let failure):
            return error(failure, v2: true)
        case .success(let (order, events)):
            await webhooks.publish(events)
            return .jsonTree(BigCommerceWire.order(order, apiBase: apiBase))
        }
    }

    func listOrderProducts(_ request: HTTPRequest) async -> HTTPResponse {
        guard let order = await order(for: request) else { return orderNotFound() }
        let page = request.positiveInt("page") ?? 1
        let limit = min(request.positiveInt("limit") ?? 50, 250)
        let lines = BigCommerceStore.page(order.lines, page: page, limit: limit)
        guard !lines.isEmpty else { return .empty(status: 204) }
        return .jsonTree(lines.map { BigCommerceWire.orderProduct($0, orderId: order.id) })
    }

    func listShippingAddresses(_ request: HTTPRequest) async -> HTTPResponse {
        guard let order = await order(for: request) else { return orderNotFound() }
        let base = apiBase
        return .jsonTree(
            order.shippingAddresses.map { BigCommerceWire.shippingAddress($0, order: order, apiBase: base) })
    }

    func listShipments(_ request: HTTPRequest) async -> HTTPResponse {
        guard let order = await order(for: request) else { return orderNotFound() }
        let page = request.positiveInt("page") ?? 1
        let limit = min(request.positiveInt("limit") ?? 50, 250)
        let shipments = BigCommerceStore.page(order.shipments, page: page, limit: limit)
        guard !shipments.isEmpty else { return .empty(status: 204) }
        return .jsonTree(shipments.map { BigCommerceWire.shipment($0, order: order) })
    }

    func getShipment(_ request: HTTPRequest) async -> HTTPResponse {
        guard let order = await order(for: request),
            let shipmentId = request.intParameter("shipment_id"),
            let shipment = order.shipments.first(where: { $0.id == shipmentId })
        else { return orderNotFound() }
        return .jsonTree(BigCommerceWire.shipment(shipment, order: order))
    }

    func createShipment(_ request: HTTPRequest) async -> HTTPResponse {
        guard let orderId = request.intParameter("id") else { return orderNotFound() }
        let body: ShipmentRequest
        switch RequestBody.decodeExplaining(ShipmentRequest.self, from: request.body) {
        case .success(let decoded): body = decoded
        case .failure(let failure): return error(400, failure.message, v2: true)
        }
        guard body.orderAddressId != nil else {
            return error(400, "The field 'order_address_id' is required.", v2: true)
        }
        guard let items = body.items, !items.isEmpty else {
            return error(400, "The field 'items' is required.", v2: true)
        }
        switch await ship(orderId: orderId, body, shipEverythingByDefault: false) {
        case .failure(let failure): return error(failure, v2: true)
        case .success(let (shipment, order)):
            return .jsonTree(BigCommerceWire.shipment(shipment, order: order), status: 201)
        }
    }

    /// Records a shipment and announces it; shared by the API, the control API and the simulated warehouse.
    func ship(orderId: Int, _ request: ShipmentRequest, shipEverythingByDefault: Bool) async -> Result<
        (OrderShipment, StoreOrder), BigCommerceFailure
    > {
        switch await store.createShipment(
            orderId: orderId, request, shipEverythingByDefault: shipEverythingByDefault, now: Date())
        {
        case .failure(let failure):
            return .failure(failure)
        case .success(let (shipment, events)):
            await webhooks.publish(events)
            SandboxLog.debug(
                "shipment created",
                ["channel": "bigcommerce", "order": String(orderId), "shipment": String(shipment.id)])
            guard let order = await store.order(id: orderId) else {
                return .failure(BigCommerceFailure(status: 404, message: "The requested resource was not found."))
            }
            return .success((shipment, order))
        }
    }

    private func order(for request: HTTPRequest) async -> StoreOrder? {
        guard let id = request.intParameter("id") else { return nil }
        return await store.order(id: id)
    }

    private func orderNotFound() -> HTTPResponse {
        error(404, "The requested resource was not found.", v2: true)
    }
}
