import CrossdockDomain
import Foundation

/// The order figures shown on the status endpoint.
public struct OrderCounts: Sendable, Equatable {
    public var imported: Int
    public var routed: Int
    public var waiting: Int
    public var blocked: Int
    public var trackingSent: Int
}

/// A job to queue for an order (its key is the order's hub id) together with the order itself.
public struct OrderJob: Sendable, Equatable {
    public var kind: String
    /// The integration whose channel API the job calls.
    public var integration: String

    public init(kind: String, integration: String) {
        self.kind = kind
        self.integration = integration
    }
}

extension Store {
    /// Inserts or updates an order by (integration, marketplace order id); the same order twice is a
    /// no-op. `jobs` are queued, keyed by the order's id, in the same transaction. Returns the hub's
    /// id and whether the order is new.
    @discardableResult
    public func upsert(
        _ order: MarketplaceOrder, state: OrderState, reason: String?, queueing jobs: [OrderJob] = []
    ) async throws -> (id: Int, isNew: Bool) {
        try await database.write { db in
            let now = Clock.nowMilliseconds()
            let address: SQLValue = order.shippingAddress.map { .text(JSONColumn.encode($0)) } ?? .null

            // Inserting first (and doing nothing when the order exists) is what keeps two imports of
            // one order racing on PostgreSQL from both creating it.
            let inserted = try db.query(
                """
                INSERT INTO orders (integration_id, marketplace_order_id, marketplace_status, state, reason,
                    purchased_at, currency, total, shipping_address, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (integration_id, marketplace_order_id) DO NOTHING
                RETURNING id
                """,
                [
                    .text(order.integrationID), .text(order.marketplaceOrderID), .text(order.marketplaceStatus),
                    .text(state.rawValue), SQLValue(reason), SQLValue(order.purchasedAt),
                    SQLValue(order.total?.currency), SQLValue(order.total?.minorUnits), address, .integer(now),
                    .integer(now),
                ]
            ).first?.int("id")

            let id: Int
            if let inserted {
                id = inserted
            } else {
                let existing = try db.query(
                    "SELECT id, state FROM orders WHERE integration_id = ? AND marketplace_order_id = ?"
                        + db.dialect.forUpdate,
                    [.text(order.integrationID), .text(order.marketplaceOrderID)]
                ).first
                guard let existing, let existingID = existing.int("id") else {
                    throw StoreError(description: "Order \(order.marketplaceOrderID) vanished while it was imported.")
                }
                id = existingID
                let current = OrderState(rawValue: existing.string("state") ?? "") ?? .waiting
                let next = current.canMove(to: state) && current.reservesStock ? state : current
                try db.execute(
                    """
                    UPDATE orders SET marketplace_status = ?, purchased_at = COALESCE(?, purchased_at),
                        currency = COALESCE(?, currency), total = COALESCE(?, total),
                        shipping_address = COALESCE(?, shipping_address), state = ?,
                        reason = CASE WHEN ? = state THEN reason ELSE ? END, updated_at = ?
                    WHERE id = ?
                    """,
                    [
                        .text(order.marketplaceStatus), SQLValue(order.purchasedAt), SQLValue(order.total?.currency),
                        SQLValue(order.total?.minorUnits), address, .text(next.rawValue), .text(next.rawValue),
                        SQLValue(reason), .integer(now), .integer(Int64(id)),
                    ])
            }
            for line in order.lines {
                try db.execute(
                    """
                    INSERT INTO order_lines (order_id, line_id, sku, sku_key, title, quantity, line_total)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (order_id, line_id) DO UPDATE SET quantity = excluded.quantity,
                        line_total = COALESCE(excluded.line_total, order_lines.line_total),
                        title = excluded.title
                    """,
                    [
                        .integer(Int64(id)), .text(line.lineID), .text(line.sku.value), .text(line.sku.matchKey),
                        SQLValue(line.title), .integer(Int64(line.quantity)), SQLValue(line.lineTotal?.minorUnits),
                    ])
            }
            // In the same transaction as the order: a crash after the commit cannot leave an order
            // ready with nothing queued to route it.
            for job in jobs {
                try Self.enqueue(
                    kind: job.kind, key: String(id), integration: job.integration, payload: [:], delay: 0, db)
            }
            return (id, inserted != nil)
        }
    }

    public func order(id: Int) async throws -> OrderRecord? {
        try await database.read { db in
            try db.query("SELECT * FROM orders WHERE id = ?", [.integer(Int64(id))]).first.map {
                try Self.record($0, db)
            }
        }
    }

    /// Newest first.
    public func orders(offset: Int = 0, limit: Int = 50) async throws -> (orders: [OrderRecord], total: Int) {
        try await database.read { db in
            let total = try db.query("SELECT COUNT(*) AS n FROM orders").first?.int("n") ?? 0
            let rows = try db.query(
                "SELECT * FROM orders ORDER BY COALESCE(purchased_at, '') DESC, id DESC LIMIT ? OFFSET ?",
                [.integer(Int64(limit)), .integer(Int64(offset))])
            return (try rows.map { try Self.record($0, db) }, total)
        }
    }

    /// Ids of orders in a state, oldest first.
    public func orderIDs(state: OrderState, limit: Int = 1000) async throws -> [Int] {
        try await database.read { db in
            try db.query(
                "SELECT id FROM orders WHERE state = ? ORDER BY id LIMIT ?",
                [
                    .text(state.rawValue), .integer(Int64(limit)),
                ]
            ).compactMap { $0.int("id") }
        }
    }

    /// Moves an order forward and queues `jobs` (keyed by the order's id) in the same transaction; a
    /// move backwards is ignored, queues nothing and returns false.
    @discardableResult
    public func setOrderState(
        _ state: OrderState, reason: String?, orderID: Int, queueing jobs: [OrderJob] = []
    ) async throws -> Bool {
        try await database.write { db in
            guard
                let current = try db.query(
                    "SELECT state FROM orders WHERE id = ?" + db.dialect.forUpdate, [.integer(Int64(orderID))]
                ).first?.string("state").flatMap(OrderState.init(rawValue:)), current.canMove(to: state)
            else { return false }
            try db.execute(
                "UPDATE orders SET state = ?, reason = ?, updated_at = ? WHERE id = ?",
                [.text(state.rawValue), SQLValue(reason), .integer(Clock.nowMilliseconds()), .integer(Int64(orderID))])
            for job in jobs {
                try Self.enqueue(
                    kind: job.kind, key: String(orderID), integration: job.integration, payload: [:], delay: 0, db)
            }
            return true
        }
    }

    /// Records the BigCommerce order and its line ids, and moves the order to routed.
    public func recordRouted(orderID: Int, bigCommerceOrderID: Int, lineProductIDs: [String: Int]) async throws {
        try await database.write { db in
            try db.execute(
                "UPDATE orders SET bc_order_id = ?, state = 'routed', reason = NULL, updated_at = ? WHERE id = ?",
                [.integer(Int64(bigCommerceOrderID)), .integer(Clock.nowMilliseconds()), .integer(Int64(orderID))])
            for (lineID, productID) in lineProductIDs {
                try db.execute(
                    "UPDATE order_lines SET bc_order_product_id = ? WHERE order_id = ? AND line_id = ?",
                    [.integer(Int64(productID)), .integer(Int64(orderID)), .text(lineID)])
            }
        }
    }

    /// The hub order created as a BigCommerce order.
    public func orderID(bigCommerceOrderID: Int) async throws -> Int? {
        try await database.read { db in
            try db.query("SELECT id FROM orders WHERE bc_order_id = ?", [.integer(Int64(bigCommerceOrderID))]).first?
                .int("id")
        }
    }

    /// Units of a SKU held by orders that BigCommerce has not yet subtracted.
    public func reservedQuantity(sku: SKU) async throws -> Int {
        try await database.read { db in
            try db.query(
                """
                SELECT COALESCE(SUM(l.quantity), 0) AS n FROM order_lines l JOIN orders o ON o.id = l.order_id
                WHERE l.sku_key = ? AND o.state IN ('waiting', 'ready', 'blocked') AND o.marketplace_status != 'Pending'
                """, [.text(sku.matchKey)]
            ).first?.int("n") ?? 0
        }
    }

    public func orderCounts() async throws -> OrderCounts {
        try await database.read { db in
            let row = try db.query(
                """
                SELECT COUNT(*) AS imported,
                    COUNT(bc_order_id) AS routed,
                    COUNT(CASE WHEN state IN ('waiting', 'ready') THEN 1 END) AS waiting,
                    COUNT(CASE WHEN state = 'blocked' THEN 1 END) AS blocked,
                    (SELECT COUNT(DISTINCT order_id) FROM shipments WHERE state = 'sent') AS tracking_sent
                FROM orders
                """
            ).first
            return OrderCounts(
                imported: row?.int("imported") ?? 0, routed: row?.int("routed") ?? 0, waiting: row?.int("waiting") ?? 0,
                blocked: row?.int("blocked") ?? 0, trackingSent: row?.int("tracking_sent") ?? 0)
        }
    }

    static func record(_ row: SQLRow, _ db: any SQLConnection) throws -> OrderRecord {
        let id = row.int("id") ?? 0
        let currency = row.string("currency") ?? "GBP"
        let lines = try db.query("SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_id", [.integer(Int64(id))])
            .map { line in
                OrderLine(
                    lineID: line.string("line_id") ?? "", sku: SKU(line.string("sku") ?? ""),
                    title: line.string("title"),
                    quantity: line.int("quantity") ?? 0, quantityShipped: line.int("quantity_shipped") ?? 0,
                    lineTotal: line.int("line_total").map { Money(minorUnits: $0, currency: currency) },
                    bigCommerceOrderProductID: line.int("bc_order_product_id"))
            }
        let tracking = try db.query(
            "SELECT tracking_number FROM shipments WHERE order_id = ? AND tracking_number IS NOT NULL ORDER BY id",
            [.integer(Int64(id))]
        ).compactMap { $0.string("tracking_number") }
        let order = MarketplaceOrder(
            integrationID: row.string("integration_id") ?? "",
            marketplaceOrderID: row.string("marketplace_order_id") ?? "",
            marketplaceStatus: row.string("marketplace_status") ?? "", purchasedAt: row.string("purchased_at"),
            total: row.int("total").map { Money(minorUnits: $0, currency: currency) },
            shippingAddress: JSONColumn.decode(PostalAddress.self, from: row.string("shipping_address")), lines: lines)
        return OrderRecord(
            id: id, order: order, state: OrderState(rawValue: row.string("state") ?? "") ?? .waiting,
            reason: row.string("reason"), bigCommerceOrderID: row.int("bc_order_id"), trackingNumbers: tracking)
    }
}

extension Store {
    /// The hub's id for a marketplace order, its last marketplace status and whether its lines are known.
    public func orderIDAndLines(integrationID: String, marketplaceOrderID: String) async throws -> (
        id: Int, marketplaceStatus: String, hasLines: Bool
    )? {
        try await database.read { db in
            guard
                let row = try db.query(
                    "SELECT id, marketplace_status FROM orders WHERE integration_id = ? AND marketplace_order_id = ?",
                    [.text(integrationID), .text(marketplaceOrderID)]
                ).first, let id = row.int("id")
            else { return nil }
            let lines =
                try db.query("SELECT COUNT(*) AS n FROM order_lines WHERE order_id = ?", [.integer(Int64(id))])
                .first?.int("n") ?? 0
            return (id, row.string("marketplace_status") ?? "", lines > 0)
        }
    }
}
