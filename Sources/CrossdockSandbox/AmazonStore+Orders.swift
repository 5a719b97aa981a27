import Foundation

/// A getOrders query, carried inside `NextToken` from page to page.
///
/// Pages are cut by the key (LastUpdateDate, AmazonOrderId) of the last order returned, and the
/// upper bound is fixed on the first page, so an order that changes while a client pages is never
/// skipped: it leaves this pass and appears in the next poll.
struct OrdersQuery: Codable, Sendable {
    enum Basis: String, Codable, Sendable {
        case created, updated
    }

    var basis: Basis
    var after: Date
    var before: Date
    var statuses: [String]?
    var orderIds: [String]?
    var pageSize: Int
    var lastUpdate: Date?
    var lastOrderId: String?

    func matches(_ order: AmazonOrder) -> Bool {
        let date = basis == .created ? order.purchaseDate : order.lastUpdateDate
        guard date >= after, date <= before else { return false }
        if let statuses, !statuses.contains(order.status.rawValue) { return false }
        if let orderIds, !orderIds.contains(order.amazonOrderId) { return false }
        if let lastUpdate, let lastOrderId {
            return (order.lastUpdateDate, order.amazonOrderId) > (lastUpdate, lastOrderId)
        }
        return true
    }

    var token: String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return ((try? encoder.encode(self)) ?? Data()).base64EncodedString()
    }

    init(basis: Basis, after: Date, before: Date, statuses: [String]?, orderIds: [String]?, pageSize: Int) {
        self.basis = basis
        self.after = after
        self.before = before
        self.statuses = statuses
        self.orderIds = orderIds
        self.pageSize = pageSize
    }

    init?(token: String) {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        guard let data = Data(base64Encoded: token), let query = try? decoder.decode(OrdersQuery.self, from: data)
        else { return nil }
        self = query
    }
}

/// Body of `POST /orders/v0/orders/{orderId}/shipmentConfirmation` (ConfirmShipmentRequest).
struct ConfirmShipmentBody: Decodable, Sendable {
    struct PackageDetail: Decodable, Sendable {
        var packageReferenceId: String?
        var carrierCode: String?
        var carrierName: String?
        var shippingMethod: String?
        var trackingNumber: String?
        var shipDate: String?
        var orderItems: [Item]?
    }

    struct Item: Decodable, Sendable {
        var orderItemId: String?
        var quantity: Int?
    }

    var marketplaceId: String?
    var packageDetail: PackageDetail?
}

extension AmazonStore {
    func orders(matching query: OrdersQuery) -> (page: [AmazonOrder], next: OrdersQuery?) {
        let matches = orders.filter(query.matches).sorted {
            ($0.lastUpdateDate, $0.amazonOrderId) < ($1.lastUpdateDate, $1.amazonOrderId)
        }
        let page = Array(matches.prefix(query.pageSize))
        guard matches.count > page.count, let last = page.last else { return (page, nil) }
        var next = query
        next.lastUpdate = last.lastUpdateDate
        next.lastOrderId = last.amazonOrderId
        return (page, next)
    }

    /// confirmShipment: checks the package against what is left to ship, records it and moves the order on.
    func confirmShipment(orderId: String, _ body: ConfirmShipmentBody, now: Date) -> Result<Void, AmazonFailure> {
        guard let index = orderPositions[orderId] else {
            return .failure(.notFound("Order \(orderId) was not found."))
        }
        guard let marketplaceId = body.marketplaceId, marketplaceId == credentials.marketplaceId else {
            return .failure(.invalidInput("marketplaceId is missing or is not the order's marketplace."))
        }
        guard let package = body.packageDetail else { return .failure(.invalidInput("packageDetail is required.")) }
        guard let reference = package.packageReferenceId, let number = Int(reference), number > 0 else {
            return .failure(.invalidInput("packageReferenceId must be a positive number."))
        }
        guard let carrierCode = package.carrierCode, !carrierCode.isEmpty else {
            return .failure(.invalidInput("carrierCode is required."))
        }
        if carrierCode == "Other", (package.carrierName ?? "").isEmpty {
            return .failure(.invalidInput("carrierName is required when carrierCode is Other."))
        }
        guard let trackingNumber = package.trackingNumber, !trackingNumber.isEmpty else {
            return .failure(.invalidInput("trackingNumber is required."))
        }
        guard let shipDateText = package.shipDate, let shipDate = SandboxDates.parseISO8601(shipDateText) else {
            return .failure(.invalidInput("shipDate must be an ISO 8601 date-time."))
        }
        guard let requested = package.orderItems, !requested.isEmpty else {
            return .failure(.invalidInput("orderItems must list at least one item."))
        }

        var order = orders[index]
        guard order.status == .unshipped || order.status == .partiallyShipped else {
            return .failure(.invalidInput("Order \(orderId) is \(order.status.rawValue) and cannot be confirmed."))
        }
        guard !order.confirmations.contains(where: { $0.packageReferenceId == reference }) else {
            return .failure(.invalidInput("Package \(reference) of order \(orderId) was already confirmed."))
        }
        var items: [ShipmentConfirmation.Item] = []
        for item in requested {
            guard let itemId = item.orderItemId,
                let position = order.items.firstIndex(where: { $0.orderItemId == itemId })
            else {
                return .failure(.invalidInput("Order item \(item.orderItemId ?? "") is not in order \(orderId)."))
            }
            let left = order.items[position].quantityOrdered - order.items[position].quantityShipped
            guard let quantity = item.quantity, quantity > 0, quantity <= left else {
                return .failure(
                    .invalidInput("Order item \(itemId) has \(left) unshipped; cannot confirm \(item.quantity ?? 0)."))
            }
            order.items[position].quantityShipped += quantity
            items.append(ShipmentConfirmation.Item(orderItemId: itemId, quantity: quantity))
        }

        let stamp = SandboxDates.wholeSeconds(now)
        order.confirmations.append(
            ShipmentConfirmation(
                packageReferenceId: reference, carrierCode: carrierCode, carrierName: package.carrierName,
                shippingMethod: package.shippingMethod, trackingNumber: trackingNumber, shipDate: shipDate,
                items: items, receivedAt: stamp))
        order.status = order.itemsUnshipped == 0 ? .shipped : .partiallyShipped
        order.lastUpdateDate = stamp
        orders[index] = order
        return .success(())
    }
}
