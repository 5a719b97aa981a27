import CrossdockConnectors
import CrossdockDomain
import CrossdockStore
import Foundation

extension SyncEngine {
    /// Reads one BigCommerce shipment and records it against the marketplace order it fulfils.
    func fetchShipment(_ job: Job) async throws {
        guard let bigCommerceOrderID = Int(job.payload["order_id"] ?? ""),
            let shipmentID = Int(job.payload["shipment_id"] ?? ""),
            let orderID = try await store.orderID(bigCommerceOrderID: bigCommerceOrderID),
            let record = try await store.order(id: orderID)
        else { return }
        let client = try await channels.bigCommerce(try await bigCommerceIntegration())
        guard let shipment = try await client.shipment(orderID: bigCommerceOrderID, shipmentID: shipmentID) else {
            return
        }
        try await recordShipment(shipment, for: record)
    }

    /// Checks routed orders for shipments a lost webhook did not announce.
    func pollShipments() async throws {
        let client = try await channels.bigCommerce(try await bigCommerceIntegration())
        for state in [OrderState.routed, .partiallyShipped] {
            for id in try await store.orderIDs(state: state) {
                guard let record = try await store.order(id: id), let bigCommerceOrderID = record.bigCommerceOrderID
                else { continue }
                for shipment in try await client.shipments(orderID: bigCommerceOrderID) {
                    try await recordShipment(shipment, for: record)
                }
            }
        }
    }

    private func recordShipment(_ shipment: BigCommerceShipment, for record: OrderRecord) async throws {
        var lines: [String: Int] = [:]
        for item in shipment.items {
            if let line = record.order.lines.first(where: { $0.bigCommerceOrderProductID == item.orderProductID }) {
                lines[line.lineID, default: 0] += item.quantity
            }
        }
        let carrier = shipment.shippingProvider.flatMap { $0.isEmpty ? nil : $0 } ?? shipment.trackingCarrier
        try await store.recordShipment(
            orderID: record.id, bigCommerceShipmentID: shipment.id, trackingNumber: shipment.trackingNumber,
            carrier: carrier, lines: lines)
    }

    /// Sends one shipment's lines and tracking to the marketplace the order came from. `attempt` is
    /// the job's attempt: from the second on, the package may already be on Amazon (see
    /// `reachedAmazon`).
    func sendTracking(shipmentID: Int, attempt: Int) async throws {
        guard let shipment = try await store.shipment(id: shipmentID), shipment.state != .sent,
            let record = try await store.order(id: shipment.orderID),
            let integration = try await store.integration(id: record.order.integrationID)
        else { return }
        guard integration.settings.exportTracking else { return }
        guard let trackingNumber = shipment.trackingNumber, !trackingNumber.isEmpty else {
            try await store.recordShipmentFailed(
                id: shipmentID,
                error: "BigCommerce shipment \(shipment.bigCommerceShipmentID) has no tracking number; "
                    + "add one in BigCommerce.")
            return
        }
        guard let carrierCode = CarrierMapping.amazonCarrierCode(bigCommerceProvider: shipment.carrier) else {
            try await store.recordShipmentFailed(
                id: shipmentID,
                error: "Carrier \"\(shipment.carrier ?? "")\" has no Amazon carrier code yet; "
                    + "choose a known shipping provider in BigCommerce.")
            return
        }
        let items = shipment.lines.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map {
            (orderItemID: $0.key, quantity: $0.value)
        }
        guard !items.isEmpty else {
            try await store.recordShipmentFailed(id: shipmentID, error: "The shipment has no lines of this order.")
            return
        }
        let client = try await channels.amazon(integration)
        if attempt > 1, try await reachedAmazon(shipment, orderID: record.order.marketplaceOrderID, client: client) {
            try await store.recordShipmentSent(id: shipmentID)
            Log.info(
                "tracking already on the marketplace",
                ["order": record.order.marketplaceOrderID, "shipment": String(shipment.bigCommerceShipmentID)])
            return
        }
        try await client.confirmShipment(
            orderID: record.order.marketplaceOrderID, packageReference: String(shipment.bigCommerceShipmentID),
            carrierCode: carrierCode, trackingNumber: trackingNumber, shipDate: Date(), items: items)
        try await store.recordShipmentSent(id: shipmentID)
        Log.info(
            "tracking sent",
            ["order": record.order.marketplaceOrderID, "shipment": String(shipment.bigCommerceShipmentID)])
    }

    /// Whether a package reached Amazon before the process that sent it died, between Amazon's answer
    /// and recording it. Amazon refuses a package confirmed twice and lists no packages, but each
    /// item's `QuantityShipped` counts every confirmed unit: the package is there when that covers the
    /// units of the order's packages recorded as sent plus this package's.
    private func reachedAmazon(_ shipment: ShipmentRecord, orderID: String, client: AmazonClient) async throws
        -> Bool
    {
        var shippedOnAmazon: [String: Int] = [:]
        for item in try await client.orderItems(orderID: orderID) {
            shippedOnAmazon[item.orderItemID, default: 0] += item.quantityShipped ?? 0
        }
        var recordedSent: [String: Int] = [:]
        for other in try await store.shipments(orderID: shipment.orderID)
        where other.id != shipment.id && other.state == .sent {
            for (line, units) in other.lines { recordedSent[line, default: 0] += units }
        }
        let units = shipment.lines.filter { $0.value > 0 }
        return !units.isEmpty
            && units.allSatisfy { line, count in
                shippedOnAmazon[line, default: 0] >= recordedSent[line, default: 0] + count
            }
    }
}
