import CrossdockDomain
import CrossdockStore
import Foundation
import Testing

/// The engines the store suite runs on.
enum Engine: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgresql

    var testDescription: String { rawValue }
}

/// A database of its own for one test: an SQLite file in a new directory, or a new schema in the
/// PostgreSQL database named by `CROSSDOCK_TEST_DATABASE_URL`, so tests run in parallel.
struct StoreTestDatabase: Sendable {
    let engine: Engine
    /// What `Store(databaseURL:)` opens: the SQLite file or the URL with `?schema=`.
    let url: String
    /// The schema on PostgreSQL; the data directory on SQLite.
    let name: String

    static func make(_ engine: Engine) throws -> StoreTestDatabase {
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crossdock-store-\(suffix)")
            return StoreTestDatabase(
                engine: engine, url: directory.appendingPathComponent("crossdock.sqlite").path, name: directory.path)
        case .postgresql:
            // An empty or non-PostgreSQL value (a failed start script) must not quietly test SQLite.
            guard let base = ProcessInfo.processInfo.environment["CROSSDOCK_TEST_DATABASE_URL"],
                base.hasPrefix("postgresql://") || base.hasPrefix("postgres://")
            else { throw MissingTestDatabase() }
            let schema = "test_\(suffix)"
            return StoreTestDatabase(
                engine: engine, url: base + (base.contains("?") ? "&" : "?") + "schema=\(schema)", name: schema)
        }
    }

    /// Opens a store on this database; every call is a separate connection (or pool of them), as a
    /// second process would have.
    func open(maximumConnections: Int = 4, migrate: Bool = true) async throws -> Store {
        switch engine {
        case .sqlite: try Store(dataDirectory: name, migrate: migrate)
        case .postgresql: try await Store(databaseURL: url, maximumConnections: maximumConnections, migrate: migrate)
        }
    }

    /// Removes the database, using a store that is open on it.
    func drop(using store: Store) async {
        switch engine {
        case .sqlite:
            try? FileManager.default.removeItem(atPath: name)
        case .postgresql:
            let schema = name
            _ = try? await store.database.write { db in try db.executeScript("DROP SCHEMA \"\(schema)\" CASCADE") }
        }
    }
}

/// Fails a PostgreSQL case, rather than letting it pass untested, when no server was given.
struct MissingTestDatabase: Error, CustomStringConvertible {
    var description: String {
        "CROSSDOCK_TEST_DATABASE_URL is not set to a postgresql:// URL, so the PostgreSQL store tests cannot run: "
            + "run `make test`, "
            + "which starts PostgreSQL and sets it (or export the URL that scripts/start-postgres.sh prints)."
    }
}

/// Runs `body` with a new, empty store on `engine` and removes its database afterwards, also when
/// the body fails.
func withStore(
    _ engine: Engine, _ body: (Store, StoreTestDatabase) async throws -> Void
) async throws {
    let database = try StoreTestDatabase.make(engine)
    let store = try await database.open()
    do {
        try #require(store.database.dialect.rawValue == engine.rawValue)
        try await body(store, database)
    } catch {
        await database.drop(using: store)
        throw error
    }
    await database.drop(using: store)
}

/// Small fixtures for the store suite.
enum StoreFixture {
    static func integration(_ id: String = "amazon-us", channel: Channel = .amazon) -> Integration {
        Integration(
            id: id, channel: channel, name: "Amazon US", baseURL: "http://127.0.0.1:1", tokenURL: nil,
            credentials: ["refresh_token": "token"], settings: IntegrationSettings())
    }

    static func product(
        _ sku: String, title: String = "Mug", productID: Int, variantID: Int? = nil, parent: String? = nil,
        isParent: Bool = false, level: Int? = 5
    ) -> CatalogProduct {
        CatalogProduct(
            sku: SKU(sku), title: title, parentSKU: parent.map(SKU.init), isParent: isParent,
            bigCommerceProductID: productID, bigCommerceVariantID: variantID,
            price: Money(minorUnits: 1299, currency: "GBP"), inventoryLevel: level,
            inventoryTracking: isParent ? .variant : .product)
    }

    static func order(
        _ marketplaceOrderID: String, integrationID: String = "amazon-us", status: String = "Unshipped",
        lines: [(id: String, sku: String, quantity: Int)] = [("1", "MUG-1", 2)]
    ) -> MarketplaceOrder {
        MarketplaceOrder(
            integrationID: integrationID, marketplaceOrderID: marketplaceOrderID, marketplaceStatus: status,
            purchasedAt: "2024-03-01T10:00:00Z", total: Money(minorUnits: 2598, currency: "GBP"),
            shippingAddress: nil,
            lines: lines.map {
                OrderLine(
                    lineID: $0.id, sku: SKU($0.sku), title: "Mug", quantity: $0.quantity,
                    lineTotal: Money(minorUnits: 1299 * $0.quantity, currency: "GBP"))
            })
    }
}
