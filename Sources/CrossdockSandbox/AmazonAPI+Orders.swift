import CrossdockHTTP
import Foundation

/// The Orders v0 routes (ordersV0.json).
extension AmazonAPI {
    private static let orderStatuses = Set(
        AmazonOrderStatus.allCases.map(\.rawValue) + ["PendingAvailability", "InvoiceUnconfirmed", "Unfulfillable"])

    func addOrderRoutes(to router: inout Router) {
        let api = self
        let orders = "/amazon/orders/v0/orders"
        router.get(orders) { request in await api.metered(.getOrders, request) { await api.getOrders($0) } }
        router.get("\(orders)/{orderId}") { request in
            await api.metered(.getOrder, request) { await api.getOrder($0) }
        }
        router.get("\(orders)/{orderId}/orderItems") { request in
            await api.metered(.getOrderItems, request) { await api.getOrderItems($0) }
        }
        router.get("\(orders)/{orderId}/address") { request in
            await api.metered(.getOrderAddress, request) { await api.getOrderAddress($0) }
        }
        router.get("\(orders)/{orderId}/buyerInfo") { request in
            await api.metered(.getOrderBuyerInfo, request) { await api.getOrderBuyerInfo($0) }
        }
        router.post("\(orders)/{orderId}/shipmentConfirmation") { request in
            await api.metered(.confirmShipment, request) { await api.confirmShipment($0) }
        }
    }

    func getOrders(_ request: HTTPRequest) async -> HTTPResponse {
        guard let marketplaces = request.commaList("MarketplaceIds"), !marketplaces.isEmpty else {
            return failure(.invalidInput("MarketplaceIds is required."))
        }
        guard marketplaces.contains(credentials.marketplaceId) else {
            return failure(.invalidInput("Invalid MarketplaceIds: the seller does not sell there."))
        }
        let query: OrdersQuery
        switch ordersQuery(request) {
        case .success(let parsed): query = parsed
        case .failure(let problem): return failure(problem)
        }

        let (page, next) = await store.orders(matching: query)
        let marketplaceId = credentials.marketplaceId
        var payload: [String: Any] = ["Orders": page.map { AmazonWire.order($0, marketplaceId: marketplaceId) }]
        payload[query.basis == .updated ? "LastUpdatedBefore" : "CreatedBefore"] = SandboxDates.iso8601(query.before)
        if let next { payload["NextToken"] = next.token }
        return .jsonTree(["payload": payload])
    }

    /// Reads getOrders' filters, or the query saved in `NextToken` (which then replaces them).
    private func ordersQuery(_ request: HTTPRequest) -> Result<OrdersQuery, AmazonFailure> {
        if let token = request.queryValue("NextToken") {
            guard let saved = OrdersQuery(token: token) else { return .failure(.invalidInput("Invalid NextToken.")) }
            return .success(saved)
        }
        let createdAfter = request.queryValue("CreatedAfter")
        let updatedAfter = request.queryValue("LastUpdatedAfter")
        let basis: OrdersQuery.Basis
        let afterText: String
        let beforeName: String
        switch (createdAfter, updatedAfter) {
        case (let created?, nil):
            guard request.queryValue("LastUpdatedBefore") == nil else {
                return .failure(.invalidInput("LastUpdatedBefore cannot be set when CreatedAfter is set."))
            }
            (basis, afterText, beforeName) = (.created, created, "CreatedBefore")
        case (nil, let updated?):
            guard request.queryValue("CreatedBefore") == nil else {
                return .failure(.invalidInput("CreatedBefore cannot be set when LastUpdatedAfter is set."))
            }
            (basis, afterText, beforeName) = (.updated, updated, "LastUpdatedBefore")
        case (nil, nil):
            return .failure(.invalidInput("Either CreatedAfter or LastUpdatedAfter is required."))
        case (.some, .some):
            return .failure(.invalidInput("CreatedAfter and LastUpdatedAfter cannot both be set."))
        }
        // A `+` sent unencoded arrives as a space and fails here, as it does on Amazon.
        guard let after = SandboxDates.parseISO8601(afterText) else {
            return .failure(
                .invalidInput(
                    "\(basis == .created ? "CreatedAfter" : "LastUpdatedAfter") '\(afterText)' "
                        + "is not an ISO 8601 date-time."))
        }
        // TODO: Amazon also refuses a CreatedBefore/LastUpdatedBefore later than two minutes ago, and by default
        // hides the last two minutes; the sandbox answers up to now so that tests need not wait.
        var before = SandboxDates.wholeSeconds(Date())
        if let text = request.queryValue(beforeName) {
            guard let parsed = SandboxDates.parseISO8601(text), parsed >= after else {
                return .failure(.invalidInput("\(beforeName) '\(text)' is not an ISO 8601 date-time after the start."))
            }
            before = min(before, parsed)
        }
        let pageSize = request.queryValue("MaxResultsPerPage").map { Int($0) ?? 0 } ?? 100
        guard (1...100).contains(pageSize) else {
            return .failure(.invalidInput("MaxResultsPerPage must be 1 to 100."))
        }
        let statuses = request.commaList("OrderStatuses")
        if let unknown = statuses?.first(where: { !Self.orderStatuses.contains($0) }) {
            return .failure(.invalidInput("OrderStatuses contains the unknown status '\(unknown)'."))
        }
        var orderIds = request.commaList("AmazonOrderIds")
        if let channels = request.commaList("FulfillmentChannels"), !channels.contains("MFN") {
            orderIds = []  // every sandbox order is merchant-fulfilled
        }
        return .success(
            OrdersQuery(
                basis: basis, after: after, before: before, statuses: statuses, orderIds: orderIds, pageSize: pageSize))
    }

    func getOrder(_ request: HTTPRequest) async -> HTTPResponse {
        let orderId = request.parameter("orderId")
        guard let order = await store.order(id: orderId) else { return orderNotFound(orderId) }
        return .jsonTree(["payload": AmazonWire.order(order, marketplaceId: credentials.marketplaceId)])
    }

    func getOrderItems(_ request: HTTPRequest) async -> HTTPResponse {
        let orderId = request.parameter("orderId")
        guard let order = await store.order(id: orderId) else { return orderNotFound(orderId) }
        return .jsonTree(AmazonWire.orderItems(order))
    }

    func getOrderAddress(_ request: HTTPRequest) async -> HTTPResponse {
        let orderId = request.parameter("orderId")
        guard let order = await store.order(id: orderId) else { return orderNotFound(orderId) }
        var payload: [String: Any] = ["AmazonOrderId": orderId]
        if order.status != .pending { payload["ShippingAddress"] = AmazonWire.shippingAddress(order.buyer) }
        return .jsonTree(["payload": payload])
    }

    func getOrderBuyerInfo(_ request: HTTPRequest) async -> HTTPResponse {
        let orderId = request.parameter("orderId")
        guard let order = await store.order(id: orderId) else { return orderNotFound(orderId) }
        var payload: [String: Any] = ["AmazonOrderId": orderId]
        if order.status != .pending {
            payload["BuyerEmail"] = order.buyerEmail
            payload["BuyerName"] = order.buyer.name
        }
        return .jsonTree(["payload": payload])
    }

    func confirmShipment(_ request: HTTPRequest) async -> HTTPResponse {
        let orderId = request.parameter("orderId")
        guard let body = try? JSONDecoder().decode(ConfirmShipmentBody.self, from: request.body) else {
            return failure(.invalidInput("The body is not a valid ConfirmShipmentRequest."))
        }
        switch await store.confirmShipment(orderId: orderId, body, now: Date()) {
        case .success:
            SandboxLog.debug("shipment confirmed", ["channel": "amazon", "order": orderId])
            return .empty(status: 204)
        case .failure(let problem):
            return failure(problem)
        }
    }

    private func orderNotFound(_ orderId: String) -> HTTPResponse {
        failure(.notFound("Order \(orderId) was not found."))
    }
}
