import CrossdockDomain
import Foundation

/// A marketplace listing of a catalogue SKU and the quantity the channel last confirmed.
public struct ListingRecord: Sendable, Equatable {
    public var integrationID: String
    public var channelSKU: String
    public var confirmedQuantity: Int?
    public var lastError: String?
}

extension Store {
    /// Records a listing found on a channel (import listings); keeps what is known of it.
    public func upsertListing(integrationID: String, channelSKU: String, quantity: Int?) async throws {
        try await database.write { db in
            try db.execute(
                """
                INSERT INTO listings (integration_id, channel_sku, sku_key, confirmed_quantity) VALUES (?, ?, ?, ?)
                ON CONFLICT (integration_id, channel_sku) DO UPDATE SET confirmed_quantity = excluded.confirmed_quantity
                """, [.text(integrationID), .text(channelSKU), .text(SKU(channelSKU).matchKey), SQLValue(quantity)])
        }
    }

    /// Listings of a catalogue SKU on every channel (matched ignoring case).
    public func listings(sku: SKU) async throws -> [ListingRecord] {
        try await database.read { db in
            try db.query("SELECT * FROM listings WHERE sku_key = ? ORDER BY integration_id", [.text(sku.matchKey)])
                .map(Self.listing)
        }
    }

    public func listings(integrationID: String) async throws -> [ListingRecord] {
        try await database.read { db in
            try db.query("SELECT * FROM listings WHERE integration_id = ? ORDER BY channel_sku", [.text(integrationID)])
                .map(Self.listing)
        }
    }

    public func recordQuantityPushed(integrationID: String, channelSKU: String, quantity: Int) async throws {
        try await database.write { db in
            try db.execute(
                """
                UPDATE listings SET confirmed_quantity = ?, pushed_at = ?, last_error = NULL
                WHERE integration_id = ? AND channel_sku = ?
                """,
                [.integer(Int64(quantity)), .integer(Clock.nowMilliseconds()), .text(integrationID), .text(channelSKU)])
        }
    }

    public func recordListingError(integrationID: String, channelSKU: String, error: String) async throws {
        try await database.write { db in
            try db.execute(
                "UPDATE listings SET last_error = ? WHERE integration_id = ? AND channel_sku = ?",
                [.text(error), .text(integrationID), .text(channelSKU)])
        }
    }

    private static func listing(_ row: SQLRow) -> ListingRecord {
        ListingRecord(
            integrationID: row.string("integration_id") ?? "", channelSKU: row.string("channel_sku") ?? "",
            confirmedQuantity: row.int("confirmed_quantity"), lastError: row.string("last_error"))
    }
}
