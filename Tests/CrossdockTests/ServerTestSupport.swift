import CrossdockDomain
import CrossdockHTTP
import CrossdockServer
import CrossdockStore
import Foundation
import Testing

/// A hub web server on a free loopback port over a store in a fresh temporary directory.
struct ServerTestHub {
    static let webhookSecret = "whsec-test-5f2c"

    let store: Store
    let server: HubServer
    let directory: String
    let http = HTTPClient(timeout: 10)

    /// Runs `body` against a started hub and stops it afterwards.
    static func with(adminToken: String? = nil, _ body: (ServerTestHub) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crossdock-server-\(UUID())").path
        let store = try Store(dataDirectory: directory)
        let server = HubServer(store: store, configuration: ServerConfiguration(port: 0, adminToken: adminToken))
        try server.start()
        let hub = ServerTestHub(store: store, server: server, directory: directory)
        defer {
            server.stop()
            try? FileManager.default.removeItem(atPath: directory)
        }
        try await body(hub)
    }

    // MARK: Requests

    func send(
        _ method: String, _ path: String, headers: [(String, String)] = [], body: Data? = nil
    ) async throws -> HTTPClientResponse {
        try await http.send(method, server.baseURL + path, headers: headers, body: body)
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> HTTPClientResponse {
        try await send("GET", path, headers: headers)
    }

    /// Sends a JSON body built from plain dictionaries.
    func sendJSON(_ method: String, _ path: String, _ object: Any, headers: [(String, String)] = [])
        async throws -> HTTPClientResponse
    {
        let body = try JSONSerialization.data(withJSONObject: object)
        return try await send(method, path, headers: [("Content-Type", "application/json")] + headers, body: body)
    }

    /// GETs a path and decodes a JSON object, failing the test on any other status.
    func object(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        let response = try await get(path)
        #expect(response.status == 200, "GET \(path) answered \(response.status)", sourceLocation: sourceLocation)
        return try response.jsonObject()
    }

    func page(_ path: String) async throws -> String {
        let response = try await get(path)
        #expect(response.status == 200, "GET \(path) answered \(response.status)")
        #expect(response.header("content-type")?.hasPrefix("text/html") == true)
        return String(decoding: response.body, as: UTF8.self)
    }

    // MARK: Fixtures

    /// A BigCommerce integration with a webhook secret, and an Amazon marketplace with its defaults.
    func connectChannels() async throws {
        try await store.save(
            Integration(
                id: "bigcommerce", channel: .bigcommerce, name: "Main store", baseURL: "http://127.0.0.1:9",
                tokenURL: nil,
                credentials: [
                    "store_hash": "abc123", "access_token": "tok-secret", "webhook_secret": Self.webhookSecret,
                ],
                settings: .bigCommerceDefaults))
        try await store.save(
            Integration(
                id: "amazon-uk", channel: .amazon, name: "Amazon UK", baseURL: "http://127.0.0.1:9", tokenURL: nil,
                credentials: ["refresh_token": "rt-secret"], settings: .marketplaceDefaults))
    }

    /// Imports `products` as one catalogue page; the import stays running unless `complete`.
    func importCatalogue(
        _ products: [CatalogProduct], problems: [ImportProblem] = [], total: Int? = nil,
        complete: Bool = true
    ) async throws {
        try await store.beginCatalogImport(integrationID: "bigcommerce")
        _ = try await store.storeCatalogPage(
            integrationID: "bigcommerce", page: 1, total: total ?? products.count, products: products,
            problems: problems, importedProducts: products.count, isLast: complete)
    }

    /// Stores an Amazon order with a buyer address, so tests can check the address never leaves the hub.
    @discardableResult
    func placeOrder(
        _ marketplaceOrderID: String, sku: String = "MUG-RED", state: OrderState = .waiting,
        reason: String? = nil
    ) async throws -> Int {
        let order = MarketplaceOrder(
            integrationID: "amazon-uk", marketplaceOrderID: marketplaceOrderID, marketplaceStatus: "Unshipped",
            purchasedAt: "2024-04-15T10:41:59Z", total: Money(minorUnits: 1295, currency: "GBP"),
            shippingAddress: PostalAddress(
                name: "Ada Lovelace", line1: "12 Test Street", city: "London", postalCode: "N1 1AA", countryCode: "GB"),
            lines: [
                OrderLine(
                    lineID: "1", sku: SKU(sku), title: "Mug", quantity: 2,
                    lineTotal: Money(
                        minorUnits: 1295,
                        currency: "GBP"))
            ])
        return try await store.upsert(order, state: state, reason: reason).id
    }
}

/// A simple catalogue product with a price and a BigCommerce quantity.
func catalogueProduct(
    _ sku: String, _ title: String, id: Int, price: Int? = 295, stock: Int? = 10, parent: String? = nil,
    options: [OptionValue] = []
) -> CatalogProduct {
    CatalogProduct(
        sku: SKU(sku), title: title, parentSKU: parent.map(SKU.init), bigCommerceProductID: id,
        bigCommerceVariantID: id * 10, optionValues: options,
        price: price.map { Money(minorUnits: $0, currency: "GBP") },
        inventoryLevel: stock, inventoryTracking: .product, warnings: SKU(sku).warnings)
}

extension HTTPClientResponse {
    func jsonObject() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:]
    }

    /// What the webhook receiver did with a delivery.
    var outcome: String? {
        (try? jsonObject())?["outcome"] as? String
    }

    /// The `error.code` of an API error body.
    var errorCode: String? {
        ((try? jsonObject())?["error"] as? [String: Any])?["code"] as? String
    }
}
