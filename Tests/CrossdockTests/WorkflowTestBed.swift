import CrossdockConnectors
import CrossdockDomain
import CrossdockHTTP
import CrossdockSandbox
import CrossdockServer
import CrossdockStore
import CrossdockSync
import Foundation
import Testing

/// A sandbox and a hub wired together on loopback, each with its own free port and data directory.
struct WorkflowTestBed {
    let sandbox: Sandbox
    let store: Store
    let server: HubServer
    let engine: SyncEngine
    let dataDirectory: String
    let http = HTTPClient()

    /// Starts both; the sandbox holds `catalogue` (seed format) and lists it on Amazon.
    static func start(
        catalogue: [[String: Any]], configure: (inout SyncConfiguration) -> Void = { _ in },
        sandbox configureSandbox: (inout SandboxConfiguration) -> Void = { _ in }
    ) async throws -> WorkflowTestBed {
        var sandboxConfiguration = SandboxConfiguration()
        sandboxConfiguration.seedCatalog = false
        sandboxConfiguration.rateLimitTimeScale = 100
        configureSandbox(&sandboxConfiguration)
        let sandbox = try Sandbox(configuration: sandboxConfiguration)
        try await sandbox.start()

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crossdock-test-\(UUID())").path
        let store = try Store(dataDirectory: directory)
        let server = HubServer(store: store, configuration: ServerConfiguration(port: 0))
        try server.start()
        var sync = SyncConfiguration()
        sync.ordersPollSeconds = 0.5
        sync.shipmentsPollSeconds = 3600
        sync.idleMilliseconds = 20
        sync.amazonUsagePlans = AmazonClient.usagePlans.mapValues { (rate: $0.rate * 100, burst: $0.burst) }
        sync.catalogPollSeconds = 3600
        configure(&sync)
        let engine = SyncEngine(store: store, configuration: sync)
        try await engine.start()

        let bed = WorkflowTestBed(
            sandbox: sandbox, store: store, server: server, engine: engine, dataDirectory: directory)
        _ = try await bed.control("POST", "/_control/bigcommerce/catalog", ["products": catalogue, "replace": true])
        return bed
    }

    func stop() async {
        await engine.stop()
        server.stop()
        await sandbox.stop()
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    func accounts() async throws -> [String: [String: Any]] {
        let object = try await control("GET", "/_control") as? [String: Any]
        var accounts: [String: [String: Any]] = [:]
        for account in object?["accounts"] as? [[String: Any]] ?? [] {
            accounts[account["channel"] as? String ?? ""] = account
        }
        return accounts
    }

    /// Connects BigCommerce; without `webhooks` the hub learns of changes only by polling.
    func connectBigCommerce(webhooks: Bool = true) async throws {
        let account = try await accounts()["bigcommerce"] ?? [:]
        try await engine.connectBigCommerce(
            baseURL: account["base_url"] as? String ?? "",
            credentials: (account["credentials"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String },
            webhookURL: webhooks ? server.baseURL + "/webhooks/bigcommerce" : nil)
    }

    /// The BigCommerce requests the sandbox received, oldest first.
    func bigCommerceRequests() async throws -> [[String: Any]] {
        let log = try await control("GET", "/_control/bigcommerce/requests") as? [String: Any]
        return log?["requests"] as? [[String: Any]] ?? []
    }

    /// The sandbox's id of the product holding a SKU.
    func bigCommerceProductID(sku: String) async throws -> Int? {
        try await store.product(sku: sku)?.bigCommerceProductID
    }

    func connectAmazon() async throws {
        let account = try await accounts()["amazon"] ?? [:]
        try await engine.connectAmazon(
            baseURL: account["base_url"] as? String ?? "", tokenURL: account["token_url"] as? String ?? "",
            credentials: (account["credentials"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String })
    }

    /// Calls the sandbox's control API and returns the decoded JSON body.
    @discardableResult
    func control(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let response = try await http.send(
            method, sandbox.baseURL + path, headers: [("Content-Type", "application/json")], body: data)
        guard (200..<300).contains(response.status) else {
            throw SyncError.missing(
                "control \(method) \(path) answered \(response.status): "
                    + String(decoding: response.body, as: UTF8.self))
        }
        return response.body.isEmpty ? nil : try JSONSerialization.jsonObject(with: response.body)
    }

    /// Places an Amazon order as a buyer; returns its Amazon order id.
    func placeAmazonOrder(lines: [(sku: String, quantity: Int, unitPrice: Int)], status: String = "Unshipped")
        async throws -> String
    {
        let body: [String: Any] = [
            "status": status, "currency": "GBP",
            "buyer": [
                "name": "Ada Lovelace", "address_line1": "12 Test Street", "city": "London", "postal_code": "N1 1AA",
                "country_code": "GB",
            ],
            "lines": lines.map { ["sku": $0.sku, "quantity": $0.quantity, "unit_price": $0.unitPrice] },
        ]
        let answer = try await control("POST", "/_control/amazon/orders", body) as? [String: Any]
        return answer?["amazon_order_id"] as? String ?? ""
    }

    /// BigCommerce orders in the sandbox carrying a marketplace order id.
    func bigCommerceOrders(externalOrderID: String) async throws -> [[String: Any]] {
        let all = try await control("GET", "/_control/bigcommerce/orders")
        let orders = (all as? [[String: Any]]) ?? ((all as? [String: Any])?["orders"] as? [[String: Any]]) ?? []
        return orders.filter { $0["external_order_id"] as? String == externalOrderID }
    }

    func amazonQuantity(sku: String) async throws -> Int? {
        let listing =
            try await control("GET", "/_control/amazon/listings/\(PercentEncoding.encode(sku))") as? [String: Any]
        return listing?["quantity"] as? Int
    }

    func hubOrder(marketplaceOrderID: String) async throws -> OrderRecord? {
        try await store.orders(limit: 1000).orders.first { $0.order.marketplaceOrderID == marketplaceOrderID }
    }
}

/// Waits until `condition` holds, polling; fails the test with `what` after `seconds`.
func eventually(
    _ what: String, seconds: Double = 20, sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("timed out waiting until \(what)", sourceLocation: sourceLocation)
    throw SyncError.missing("timed out waiting until \(what)")
}

/// A simple product in the sandbox's seed format.
func simpleProduct(_ sku: String, _ name: String, price: Int = 295, stock: Int = 10) -> [String: Any] {
    ["sku": sku, "name": name, "price": price, "inventory_level": stock, "variants": []]
}

/// A product with variants in the sandbox's seed format.
func familyProduct(_ sku: String, _ name: String, variants: [(sku: String, color: String, stock: Int)]) -> [String: Any]
{
    [
        "sku": sku, "name": name, "price": 500, "inventory_level": variants.reduce(0) { $0 + $1.stock },
        "options": ["Color"],
        "variants": variants.map {
            [
                "sku": $0.sku, "price": 500, "inventory_level": $0.stock,
                "option_values": [["option": "Color", "value": $0.color]],
            ] as [String: Any]
        },
    ]
}
