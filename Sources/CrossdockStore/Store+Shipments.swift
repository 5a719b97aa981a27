import CrossdockDomain
import Foundation

/// A BigCommerce shipment of a routed order, to be sent to the marketplace.
public struct ShipmentRecord: Sendable, Equatable {
    public enum State: String, Sendable { case pending, sent, failed }

    public var id: Int
    public var orderID: Int
    public var bigCommerceShipmentID: Int
    public var trackingNumber: String?
    public var carrier: String?
    /// Marketplace line id → units in this package.
    public var lines: [String: Int]
    public var state: State
    public var lastError: String?
}

extension Store {
    /// Records a shipment once (by BigCommerce shipment id) and queues sending it; returns its id.
    @discardableResult
    public func recordShipment(
        orderID: Int, bigCommerceShipmentID: Int, trackingNumber: String?, carrier: String?, lines: [String: Int]
    ) async throws -> Int {
        try await database.write { db in
            let key: [SQLValue] = [.integer(Int64(orderID)), .integer(Int64(bigCommerceShipmentID))]
            // A webhook and the poll may record one shipment at the same moment: only the one whose
            // insert lands queues the tracking job.
            let inserted = try db.query(
                """
                INSERT INTO shipments (order_id, bc_shipment_id, tracking_number, carrier, lines, state, created_at)
                VALUES (?, ?, ?, ?, ?, 'pending', ?)
                ON CONFLICT (order_id, bc_shipment_id) DO NOTHING
                RETURNING id
                """,
                key + [
                    SQLValue(trackingNumber), SQLValue(carrier), .text(JSONColumn.encode(lines)),
                    .integer(Clock.nowMilliseconds()),
                ]
            ).first?.int("id")
            guard let id = inserted else {
                let existing = try db.query("SELECT id FROM shipments WHERE order_id = ? AND bc_shipment_id = ?", key)
                guard let existingID = existing.first?.int("id") else {
                    throw StoreError(description: "Shipment \(bigCommerceShipmentID) vanished while it was recorded.")
                }
                return existingID
            }
            // Tracking goes to the marketplace the order came from.
            let marketplace =
                try db.query("SELECT integration_id FROM orders WHERE id = ?", [.integer(Int64(orderID))])
                .first?.string("integration_id") ?? ""
            try Self.enqueue(
                kind: "tracking.send", key: String(id), integration: marketplace, payload: [:], delay: 0, db)
            return id
        }
    }

    public func shipment(id: Int) async throws -> ShipmentRecord? {
        try await database.read { db in
            try db.query("SELECT * FROM shipments WHERE id = ?", [.integer(Int64(id))]).first.map(Self.shipment)
        }
    }

    public func shipments(orderID: Int) async throws -> [ShipmentRecord] {
        try await database.read { db in
            try db.query("SELECT * FROM shipments WHERE order_id = ? ORDER BY id", [.integer(Int64(orderID))])
                .map(Self.shipment)
        }
    }

    /// Marks a shipment sent, adds its units to the lines, and moves the order forward.
    public func recordShipmentSent(id: Int) async throws {
        try await database.write { db in
            guard
                let row = try db.query(
                    "SELECT * FROM shipments WHERE id = ?" + db.dialect.forUpdate, [.integer(Int64(id))]
                ).first,
                row.string("state") != "sent"
            else { return }
            let shipment = Self.shipment(row)
            // Two packages of one order may be recorded at the same moment by two workers. Each adds
            // its units and then sums what is left; without the order's row lock, on PostgreSQL each
            // would sum without the other's units and both would leave the order partially shipped.
            _ = try db.query(
                "SELECT id FROM orders WHERE id = ?" + db.dialect.forUpdate, [.integer(Int64(shipment.orderID))])
            try db.execute(
                "UPDATE shipments SET state = 'sent', last_error = NULL, sent_at = ? WHERE id = ?",
                [.integer(Clock.nowMilliseconds()), .integer(Int64(id))])
            for (lineID, quantity) in shipment.lines {
                try db.execute(
                    """
                    UPDATE order_lines
                    SET quantity_shipped = CASE WHEN quantity_shipped + ? > quantity THEN quantity
                        ELSE quantity_shipped + ? END
                    WHERE order_id = ? AND line_id = ?
                    """,
                    [
                        .integer(Int64(quantity)), .integer(Int64(quantity)), .integer(Int64(shipment.orderID)),
                        .text(lineID),
                    ])
            }
            let remaining =
                try db.query(
                    "SELECT COALESCE(SUM(quantity - quantity_shipped), 0) AS n FROM order_lines WHERE order_id = ?",
                    [.integer(Int64(shipment.orderID))]
                ).first?.int("n") ?? 0
            let next: OrderState = remaining == 0 ? .shipped : .partiallyShipped
            try db.execute(
                """
                UPDATE orders SET state = ?, updated_at = ?
                WHERE id = ? AND state IN ('routed', 'partially_shipped')
                """, [.text(next.rawValue), .integer(Clock.nowMilliseconds()), .integer(Int64(shipment.orderID))])
        }
    }

    public func recordShipmentFailed(id: Int, error: String) async throws {
        try await database.write { db in
            try db.execute(
                "UPDATE shipments SET state = 'failed', last_error = ? WHERE id = ? AND state != 'sent'",
                [.text(error), .integer(Int64(id))])
        }
    }

    private static func shipment(_ row: SQLRow) -> ShipmentRecord {
        ShipmentRecord(
            id: row.int("id") ?? 0, orderID: row.int("order_id") ?? 0,
            bigCommerceShipmentID: row.int("bc_shipment_id") ?? 0,
            trackingNumber: row.string("tracking_number"), carrier: row.string("carrier"),
            lines: JSONColumn.decode([String: Int].self, from: row.string("lines")) ?? [:],
            state: ShipmentRecord.State(rawValue: row.string("state") ?? "") ?? .pending,
            lastError: row.string("last_error"))
    }
}
