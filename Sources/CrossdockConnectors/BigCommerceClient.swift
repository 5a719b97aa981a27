import CrossdockHTTP
import Foundation

/// Speaks BigCommerce's v2/v3 REST API for one store.
///
/// Every call waits for the store's rate limit, and a 429 is retried after the reset time the
/// store gives, so callers see each request succeed once or fail for a reason that is not load.
public struct BigCommerceClient: Sendable {
    /// BigCommerce's largest page for catalogue collections.
    public static let maximumPageSize = 250

    /// `https://api.bigcommerce.com/stores/{hash}` or the sandbox's equivalent.
    public let baseURL: String
    private let accessToken: String
    private let http: HTTPClient
    private let rateLimit: BigCommerceRateLimit
    private let maximumAttempts: Int

    /// `quotaShare` is the fraction of the store's request quota the hub may use; the rest is left
    /// to the merchant's other apps.
    public init(
        baseURL: String, accessToken: String, http: HTTPClient = HTTPClient(), quotaShare: Double = 1,
        maximumAttempts: Int = 6
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.accessToken = accessToken
        self.http = http
        self.maximumAttempts = maximumAttempts
        rateLimit = BigCommerceRateLimit(share: quotaShare)
    }

    /// What a product read asks for: variants, images and custom fields (options and modifiers are
    /// not asked for: they cap pages at 10, and each variant's `option_values` usually names its
    /// options already), and only the product fields the hub reads.
    static let productShape =
        "include=variants,images,custom_fields&include_fields=" + BigCommerceProduct.fieldNames.joined(separator: ",")

    /// One page of products with their variants, images and custom fields.
    public func products(page: Int, limit: Int = maximumPageSize) async throws -> (
        products: [BigCommerceProduct], pagination: BigCommercePagination?
    ) {
        let size = min(max(1, limit), Self.maximumPageSize)
        let response: BigCommerceCollection<BigCommerceProduct> = try await get(
            "/v3/catalog/products?\(Self.productShape)&page=\(page)&limit=\(size)")
        return (response.data, response.meta?.pagination)
    }

    /// One page of products changed since a moment (ISO 8601), for the delta poll.
    public func products(modifiedSince: String, page: Int, limit: Int = maximumPageSize) async throws -> (
        products: [BigCommerceProduct], pagination: BigCommercePagination?
    ) {
        let size = min(max(1, limit), Self.maximumPageSize)
        let since = PercentEncoding.encode(modifiedSince)
        let response: BigCommerceCollection<BigCommerceProduct> = try await get(
            "/v3/catalog/products?\(Self.productShape)&date_modified:min=\(since)&page=\(page)&limit=\(size)")
        return (response.data, response.meta?.pagination)
    }

    /// A product's variant options with their values, for a product whose variants do not name them.
    public func productOptions(productID: Int) async throws -> [BigCommerceProductOption] {
        let response: BigCommerceCollection<BigCommerceProductOption> = try await get(
            "/v3/catalog/products/\(productID)/options?limit=\(Self.maximumPageSize)")
        return response.data
    }

    /// The store's default currency (`currency` of `GET /v2/store`), such as `GBP`.
    public func storeCurrency() async throws -> String {
        struct StoreInformation: Decodable, Sendable {
            var currency: String
        }
        let information: StoreInformation = try await get("/v2/store")
        return information.currency
    }

    /// The product holding a SKU (its own or a variant's), or nil when the store has none.
    public func productID(sku: String) async throws -> Int? {
        struct Variant: Decodable, Sendable {
            var productID: Int
            enum CodingKeys: String, CodingKey { case productID = "product_id" }
        }
        let response: BigCommerceCollection<Variant> = try await get(
            "/v3/catalog/variants?sku=\(PercentEncoding.encode(sku))")
        return response.data.first?.productID
    }

    public func product(id: Int) async throws -> BigCommerceProduct? {
        do {
            let response: BigCommerceSingle<BigCommerceProduct> = try await get(
                "/v3/catalog/products/\(id)?\(Self.productShape)")
            return response.data
        } catch let error as ChannelError where error.kind == .notFound {
            return nil
        }
    }

    /// Orders carrying a marketplace order id; an empty list comes back as 204.
    public func orders(externalOrderID: String) async throws -> [BigCommerceOrder] {
        try await getList("/v2/orders?external_order_id=\(PercentEncoding.encode(externalOrderID))")
    }

    public func createOrder(_ order: BigCommerceOrderRequest) async throws -> BigCommerceOrder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try await send("POST", "/v2/orders", body: try encoder.encode(order))
    }

    public func orderProducts(orderID: Int) async throws -> [BigCommerceOrderProduct] {
        try await getList("/v2/orders/\(orderID)/products?limit=250")
    }

    public func shipments(orderID: Int) async throws -> [BigCommerceShipment] {
        try await getList("/v2/orders/\(orderID)/shipments?limit=250")
    }

    public func shipment(orderID: Int, shipmentID: Int) async throws -> BigCommerceShipment? {
        do {
            let shipment: BigCommerceShipment = try await get("/v2/orders/\(orderID)/shipments/\(shipmentID)")
            return shipment
        } catch let error as ChannelError where error.kind == .notFound {
            return nil
        }
    }

    /// Orders in a status changed since a moment, oldest change first (RFC 2822 date, case D1).
    public func orders(statusID: Int, modifiedSince: Date, page: Int) async throws -> [BigCommerceOrder] {
        let since = PercentEncoding.encode(DateFormats.rfc2822(modifiedSince))
        return try await getList(
            "/v2/orders?status_id=\(statusID)&min_date_modified=\(since)&sort=date_modified:asc&page=\(page)&limit=250")
    }

    public func order(id: Int) async throws -> BigCommerceOrder? {
        do {
            let order: BigCommerceOrder = try await get("/v2/orders/\(id)")
            return order
        } catch let error as ChannelError where error.kind == .notFound {
            return nil
        }
    }

    /// Orders of any status changed since a moment, oldest change first (RFC 2822 date, case D1).
    public func orders(modifiedSince: Date, page: Int) async throws -> [BigCommerceOrder] {
        let since = PercentEncoding.encode(DateFormats.rfc2822(modifiedSince))
        return try await getList("/v2/orders?min_date_modified=\(since)&sort=date_modified:asc&page=\(page)&limit=250")
    }

    /// Moves an order to Cancelled (status 5).
    public func cancelOrder(id: Int) async throws {
        let body = try JSONSerialization.data(withJSONObject: ["status_id": 5])
        _ = try await raw("PUT", "/v2/orders/\(id)", body: body)
    }

    /// Registers a webhook whose deliveries carry `headers`.
    public func createHook(scope: String, destination: String, headers: [String: String]) async throws {
        let body: [String: Any] = ["scope": scope, "destination": destination, "is_active": true, "headers": headers]
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        _ = try await raw("POST", "/v3/hooks", body: data)
    }

    /// The harmless call used to check credentials before saving them.
    public func verifyCredentials() async throws {
        _ = try await raw("GET", "/v3/catalog/products?limit=1", body: nil)
    }

    // MARK: - Transport

    /// One decoder for every response; decoding does not change it, so concurrent use is safe.
    private static let decoder = JSONDecoder()

    private func get<T: Decodable>(_ path: String) async throws -> T {
        try await send("GET", path, body: nil)
    }

    private func getList<T: Decodable>(_ path: String) async throws -> [T] {
        let response = try await raw("GET", path, body: nil)
        if response.status == 204 || response.body.isEmpty { return [] }
        return try decode([T].self, response.body, path: path)
    }

    private func send<T: Decodable>(_ method: String, _ path: String, body: Data?) async throws -> T {
        let response = try await raw(method, path, body: body)
        return try decode(T.self, response.body, path: path)
    }

    private func decode<T: Decodable>(_ type: T.Type, _ body: Data, path: String) throws -> T {
        do {
            return try Self.decoder.decode(T.self, from: body)
        } catch {
            throw ChannelError(
                kind: .rejected, channel: "BigCommerce", status: nil,
                message: "unexpected response to \(path): \(error)")
        }
    }

    /// Sends a request, waiting for quota and retrying 429 and 5xx answers.
    func raw(_ method: String, _ path: String, body: Data?) async throws -> HTTPClientResponse {
        var headers = [("X-Auth-Token", accessToken), ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        var attempt = 0
        while true {
            attempt += 1
            await rateLimit.acquire()
            let response: HTTPClientResponse
            do {
                response = try await http.send(method, baseURL + path, headers: headers, body: body)
            } catch {
                await rateLimit.abandon()
                guard attempt < maximumAttempts else {
                    throw ChannelError(kind: .transient, channel: "BigCommerce", status: nil, message: "\(error)")
                }
                await pause(milliseconds: Backoff.delayMilliseconds(attempt: attempt))
                continue
            }
            let reset = response.header("X-Rate-Limit-Time-Reset-Ms").flatMap { Int($0) }
            await rateLimit.observe(
                requestsLeft: response.header("X-Rate-Limit-Requests-Left").flatMap { Int($0) },
                quota: response.header("X-Rate-Limit-Requests-Quota").flatMap { Int($0) }, resetMilliseconds: reset)
            if (200..<300).contains(response.status) { return response }
            let error = ChannelError.from(status: response.status, channel: "BigCommerce", body: response.body)
            guard error.isRetryable, attempt < maximumAttempts else { throw error }
            // A 429 says exactly when the window resets; other transient failures back off.
            let wait = response.status == 429 ? (reset ?? 1000) : Backoff.delayMilliseconds(attempt: attempt)
            await pause(milliseconds: wait)
        }
    }
}
