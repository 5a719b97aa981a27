import CrossdockDomain
import Foundation

extension Store {
    /// Saves an integration, replacing one with the same id.
    public func save(_ integration: Integration) async throws {
        // TODO: encrypt credentials at rest with a key from the environment (DESIGN.md §3).
        try await database.write { db in
            try db.execute(
                """
                INSERT INTO integrations (id, channel, name, base_url, token_url, credentials, settings, connected_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET channel = excluded.channel, name = excluded.name,
                    base_url = excluded.base_url, token_url = excluded.token_url,
                    credentials = excluded.credentials, settings = excluded.settings
                """,
                [
                    .text(integration.id), .text(integration.channel.rawValue), .text(integration.name),
                    .text(integration.baseURL), SQLValue(integration.tokenURL),
                    .text(JSONColumn.encode(integration.credentials)), .text(JSONColumn.encode(integration.settings)),
                    .integer(Clock.nowMilliseconds()),
                ])
        }
    }

    public func integrations() async throws -> [Integration] {
        try await database.read { db in
            try db.query(
                "SELECT * FROM integrations ORDER BY channel != 'bigcommerce', connected_at, id"
            ).compactMap(Self.integration)
        }
    }

    public func integration(id: String) async throws -> Integration? {
        try await database.read { db in
            try db.query("SELECT * FROM integrations WHERE id = ?", [.text(id)]).first.flatMap(Self.integration)
        }
    }

    /// The first integration of a channel, if connected.
    public func integration(channel: Channel) async throws -> Integration? {
        try await integrations().first { $0.channel == channel }
    }

    public func updateSettings(_ settings: IntegrationSettings, integrationID: String) async throws {
        try await database.write { db in
            try db.execute(
                "UPDATE integrations SET settings = ? WHERE id = ?",
                [.text(JSONColumn.encode(settings)), .text(integrationID)])
        }
    }

    /// Records (or clears, with nil) the error shown on an integration's tile.
    public func setLastError(_ message: String?, integrationID: String) async throws {
        try await database.write { db in
            try db.execute(
                "UPDATE integrations SET last_error = ? WHERE id = ?", [SQLValue(message), .text(integrationID)])
        }
    }

    /// The point up to which an integration's orders have been imported.
    public func orderCursor(integrationID: String) async throws -> String? {
        try await database.read { db in
            try db.query("SELECT order_cursor FROM integrations WHERE id = ?", [.text(integrationID)])
                .first?.string("order_cursor")
        }
    }

    public func setOrderCursor(_ cursor: String, integrationID: String) async throws {
        try await database.write { db in
            try db.execute(
                "UPDATE integrations SET order_cursor = ? WHERE id = ?", [.text(cursor), .text(integrationID)])
        }
    }

    private static func integration(_ row: SQLRow) -> Integration? {
        guard let id = row.string("id"), let channel = row.string("channel").flatMap(Channel.init(rawValue:)) else {
            return nil
        }
        return Integration(
            id: id, channel: channel, name: row.string("name") ?? id, baseURL: row.string("base_url") ?? "",
            tokenURL: row.string("token_url"),
            credentials: JSONColumn.decode([String: String].self, from: row.string("credentials")) ?? [:],
            settings: JSONColumn.decode(IntegrationSettings.self, from: row.string("settings"))
                ?? IntegrationSettings(),
            lastError: row.string("last_error"))
    }
}
