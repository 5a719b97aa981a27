import CrossdockHTTP
import CrossdockSandbox
import Foundation
import Testing

/// A started sandbox on a free loopback port, with the accounts it lists and helpers to call it.
struct SandboxHarness {
    let sandbox: Sandbox
    let http = HTTPClient(timeout: 10)
    let bigCommerceBase: String
    let accessToken: String
    let amazonBase: String
    let tokenURL: String
    let amazonCredentials: [String: String]

    /// Runs `body` against a started sandbox and stops it afterwards.
    static func with(
        seedCatalog: Bool = true, configure: (inout SandboxConfiguration) -> Void = { _ in },
        _ body: (SandboxHarness) async throws -> Void
    ) async throws {
        var configuration = SandboxConfiguration()
        configuration.seedCatalog = seedCatalog
        configure(&configuration)
        let sandbox = try Sandbox(configuration: configuration)
        try await sandbox.start()
        do {
            let harness = try await SandboxHarness(sandbox: sandbox)
            try await body(harness)
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }

    private init(sandbox: Sandbox) async throws {
        self.sandbox = sandbox
        let response = try await http.send("GET", sandbox.baseURL + "/_control")
        let accounts = try Self.object(response)["accounts"] as? [[String: Any]] ?? []
        let bigCommerce = try #require(accounts.first { $0["channel"] as? String == "bigcommerce" })
        let amazon = try #require(accounts.first { $0["channel"] as? String == "amazon" })
        bigCommerceBase = bigCommerce["base_url"] as? String ?? ""
        accessToken = (bigCommerce["credentials"] as? [String: Any])?["access_token"] as? String ?? ""
        amazonBase = amazon["base_url"] as? String ?? ""
        tokenURL = amazon["token_url"] as? String ?? ""
        amazonCredentials = (amazon["credentials"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
    }

    // MARK: BigCommerce

    /// Calls the BigCommerce API with the store's token; `path` starts with `/v2` or `/v3`.
    func bigCommerce(_ method: String, _ path: String, json: Any? = nil, token: String? = nil) async throws
        -> HTTPClientResponse
    {
        let body = try json.map { try JSONSerialization.data(withJSONObject: $0) }
        return try await http.send(
            method, bigCommerceBase + path,
            headers: [("X-Auth-Token", token ?? accessToken), ("Content-Type", "application/json")], body: body)
    }

    /// Creates a v2 order for catalogue lines as the hub does.
    func createOrder(
        externalOrderId: String, lines: [(productId: Int, variantId: Int?, quantity: Int)]
    ) async throws -> [String: Any] {
        let body: [String: Any] = [
            "status_id": 11, "external_source": "Amazon", "external_order_id": externalOrderId,
            "billing_address": ["first_name": "Ada", "last_name": "Lovelace", "email": "", "country_iso2": "GB"],
            "products": lines.map { line -> [String: Any] in
                var product: [String: Any] = [
                    "product_id": line.productId, "quantity": line.quantity, "price_inc_tax": "2.95",
                    "price_ex_tax": "2.95",
                ]
                if let variantId = line.variantId { product["variant_id"] = variantId }
                return product
            },
        ]
        let response = try await bigCommerce("POST", "/v2/orders", json: body)
        #expect(response.status == 201, "createOrder answered \(response.status): \(Self.text(response))")
        return try Self.object(response)
    }

    /// The first product whose SKU is `sku`, with its variants.
    func product(sku: String) async throws -> [String: Any] {
        let query = PercentEncoding.query([("sku", sku), ("include", "variants")])
        let response = try await bigCommerce("GET", "/v3/catalog/products?\(query)")
        let data = try Self.object(response)["data"] as? [[String: Any]] ?? []
        return try #require(data.first, "no product has the SKU \(sku)")
    }

    // MARK: Amazon

    func amazonToken() async throws -> String {
        let form = PercentEncoding.query([
            ("grant_type", "refresh_token"), ("refresh_token", amazonCredentials["refresh_token"] ?? ""),
            ("client_id", amazonCredentials["client_id"] ?? ""),
            ("client_secret", amazonCredentials["client_secret"] ?? ""),
        ])
        let response = try await http.send(
            "POST", tokenURL, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Data(form.utf8))
        #expect(response.status == 200)
        return try Self.object(response)["access_token"] as? String ?? ""
    }

    /// Calls SP-API with an access token; `path` starts after `/amazon`.
    func amazon(_ method: String, _ path: String, token: String, json: Any? = nil) async throws -> HTTPClientResponse {
        let body = try json.map { try JSONSerialization.data(withJSONObject: $0) }
        return try await http.send(
            method, amazonBase + path,
            headers: [("x-amz-access-token", token), ("Content-Type", "application/json")], body: body)
    }

    var sellerId: String { amazonCredentials["seller_id"] ?? "" }
    var marketplaceId: String { amazonCredentials["marketplace_id"] ?? "" }

    // MARK: Control

    @discardableResult
    func control(_ method: String, _ path: String, _ json: Any? = nil) async throws -> HTTPClientResponse {
        let body = try json.map { try JSONSerialization.data(withJSONObject: $0) }
        return try await http.send(
            method, sandbox.baseURL + path, headers: [("Content-Type", "application/json")], body: body)
    }

    /// Places an Amazon order as a buyer and returns its id.
    func placeAmazonOrder(lines: [(sku: String, quantity: Int, unitPrice: Int)], status: String = "Unshipped")
        async throws -> String
    {
        let body: [String: Any] = [
            "status": status, "currency": "GBP",
            "buyer": [
                "name": "Grace Hopper", "address_line1": "1 Test Road", "city": "Leeds", "postal_code": "LS1 1AA",
                "country_code": "GB",
            ],
            "lines": lines.map { ["sku": $0.sku, "quantity": $0.quantity, "unit_price": $0.unitPrice] },
        ]
        let response = try await control("POST", "/_control/amazon/orders", body)
        #expect(response.status == 201)
        return try Self.object(response)["amazon_order_id"] as? String ?? ""
    }

    // MARK: Decoding

    static func object(_ response: HTTPClientResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any], "\(text(response))")
    }

    static func array(_ response: HTTPClientResponse) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]], "\(text(response))")
    }

    static func text(_ response: HTTPClientResponse) -> String {
        String(decoding: response.body, as: UTF8.self)
    }

    /// Polls until `condition` holds or `seconds` pass.
    static func waitUntil(_ seconds: Double = 10, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        return false
    }
}

/// A webhook receiver on a free loopback port that records what it is sent.
final class WebhookReceiver: Sendable {
    private let recorder = Recorder()
    let server: HTTPServer

    actor Recorder {
        var deliveries: [(headers: [String: String], body: Data)] = []

        func record(_ request: HTTPRequest) {
            deliveries.append((request.headers, request.body))
        }
    }

    init() throws {
        let recorder = recorder
        server = HTTPServer(host: "127.0.0.1", port: 0) { request in
            await recorder.record(request)
            return .empty(status: 200)
        }
        try server.start()
    }

    var url: String { server.baseURL + "/hooks" }

    /// Payloads received so far, with the headers they came with.
    func deliveries() async -> [(headers: [String: String], body: [String: Any])] {
        await recorder.deliveries.map { delivery in
            let body = (try? JSONSerialization.jsonObject(with: delivery.body)) as? [String: Any] ?? [:]
            return (delivery.headers, body)
        }
    }

    func stop() { server.stop() }
}
