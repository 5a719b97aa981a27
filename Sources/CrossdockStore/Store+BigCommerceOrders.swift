import CrossdockDomain
import Foundation

/// The hub's copy of a BigCommerce order (every order of the store, including those the hub created).
public struct BigCommerceOrderCopy: Sendable, Equatable {
    public var id: Int
    public var statusID: Int
    public var status: String?
    public var externalSource: String?
    public var externalOrderID: String?
    public var total: Money?
    public var dateCreated: String?
    public var dateModified: String?

    public init(
        id: Int, statusID: Int, status: String?, externalSource: String?, externalOrderID: String?, total: Money?,
        dateCreated: String?, dateModified: String?
    ) {
        self.id = id
        self.statusID = statusID
        self.status = status
        self.externalSource = externalSource
        self.externalOrderID = externalOrderID
        self.total = total
        self.dateCreated = dateCreated
        self.dateModified = dateModified
    }
}

extension Store {
    /// Stores the current state of a BigCommerce order, as just read from BigCommerce.
    public func upsert(_ order: BigCommerceOrderCopy) async throws {
        try await database.write { db in
            try db.execute(
                """
                INSERT INTO bigcommerce_orders (id, status_id, status, external_source, external_order_id, currency,
                    total, date_created, date_modified, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET status_id = excluded.status_id, status = excluded.status,
                    external_source = excluded.external_source, external_order_id = excluded.external_order_id,
                    currency = excluded.currency, total = excluded.total, date_created = excluded.date_created,
                    date_modified = excluded.date_modified, updated_at = excluded.updated_at
                """,
                [
                    .integer(Int64(order.id)), .integer(Int64(order.statusID)), SQLValue(order.status),
                    SQLValue(order.externalSource), SQLValue(order.externalOrderID), SQLValue(order.total?.currency),
                    SQLValue(order.total?.minorUnits), SQLValue(order.dateCreated), SQLValue(order.dateModified),
                    .integer(Clock.nowMilliseconds()),
                ])
        }
    }

    public func bigCommerceOrders(limit: Int = 100) async throws -> [BigCommerceOrderCopy] {
        try await database.read { db in
            try db.query("SELECT * FROM bigcommerce_orders ORDER BY id DESC LIMIT ?", [.integer(Int64(limit))]).map {
                row in
                let currency = row.string("currency") ?? "GBP"
                return BigCommerceOrderCopy(
                    id: row.int("id") ?? 0, statusID: row.int("status_id") ?? 0, status: row.string("status"),
                    externalSource: row.string("external_source"), externalOrderID: row.string("external_order_id"),
                    total: row.int("total").map { Money(minorUnits: $0, currency: currency) },
                    dateCreated: row.string("date_created"), dateModified: row.string("date_modified"))
            }
        }
    }
}
