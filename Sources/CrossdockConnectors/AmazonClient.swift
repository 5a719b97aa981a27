import CrossdockHTTP
import Foundation

/// Amazon Selling Partner API credentials, under Amazon's own names.
public struct AmazonCredentials: Sendable {
    public var clientID: String
    public var clientSecret: String
    public var refreshToken: String
    public var sellerID: String
    public var marketplaceID: String

    /// Reads `client_id`, `client_secret`, `refresh_token`, `seller_id` and `marketplace_id`.
    public init?(_ values: [String: String]) {
        guard let clientID = values["client_id"], let clientSecret = values["client_secret"],
            let refreshToken = values["refresh_token"], let sellerID = values["seller_id"],
            let marketplaceID = values["marketplace_id"]
        else { return nil }
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.refreshToken = refreshToken
        self.sellerID = sellerID
        self.marketplaceID = marketplaceID
    }
}

/// Speaks SP-API for one seller in one marketplace: LWA tokens, orders, listings, shipments.
///
/// Calls are spaced by each operation's usage plan (rate and burst) so that bursts of work do not
/// turn into bursts of 429s; a 429 that still happens empties the bucket and is retried.
public final class AmazonClient: Sendable {
    public let baseURL: String
    private let tokenURL: String
    private let credentials: AmazonCredentials
    private let http: HTTPClient
    private let token = AccessTokenCache()
    private let buckets: TokenBuckets

    /// Usage plans from the SP-API models (requests per second, burst).
    public static let usagePlans: [String: (rate: Double, burst: Double)] = [
        "getOrders": (0.0167, 20), "getOrderItems": (0.5, 30), "confirmShipment": (2, 10),
        "patchListingsItem": (5, 5), "searchListingsItems": (5, 5),
    ]

    public init(
        baseURL: String, tokenURL: String, credentials: AmazonCredentials, http: HTTPClient = HTTPClient(),
        usagePlans: [String: (rate: Double, burst: Double)] = AmazonClient.usagePlans
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.tokenURL = tokenURL
        self.credentials = credentials
        self.http = http
        buckets = TokenBuckets(plans: usagePlans)
    }

    /// Orders changed since `lastUpdatedAfter` in the given statuses, following `NextToken` to the end.
    public func orders(lastUpdatedAfter: Date, statuses: [String]) async throws -> [AmazonOrder] {
        var orders: [AmazonOrder] = []
        var nextToken: String?
        repeat {
            var query = [("MarketplaceIds", credentials.marketplaceID)]
            if let nextToken {
                query.append(("NextToken", nextToken))
            } else {
                query.append(("LastUpdatedAfter", DateFormats.iso8601(lastUpdatedAfter)))
                query.append(("OrderStatuses", statuses.joined(separator: ",")))
                query.append(("MaxResultsPerPage", "100"))
            }
            let page: AmazonPayload<AmazonOrdersPage> = try await call(
                "getOrders", "GET", "/orders/v0/orders?" + PercentEncoding.query(query))
            orders += page.payload.orders
            nextToken = page.payload.nextToken
        } while nextToken != nil
        return orders
    }

    public func orderItems(orderID: String) async throws -> [AmazonOrderItem] {
        var items: [AmazonOrderItem] = []
        var nextToken: String?
        repeat {
            var path = "/orders/v0/orders/\(PercentEncoding.encode(orderID))/orderItems"
            if let nextToken { path += "?NextToken=" + PercentEncoding.encode(nextToken) }
            let page: AmazonPayload<AmazonOrderItemsPage> = try await call("getOrderItems", "GET", path)
            items += page.payload.orderItems
            nextToken = page.payload.nextToken
        } while nextToken != nil
        return items
    }

    /// Every listing of the seller in the marketplace, 20 per page.
    public func listings() async throws -> [AmazonListing] {
        var listings: [AmazonListing] = []
        var pageToken: String?
        repeat {
            var query = [
                ("marketplaceIds", credentials.marketplaceID), ("includedData", "summaries,fulfillmentAvailability"),
                ("pageSize", "20"),
            ]
            if let pageToken { query.append(("pageToken", pageToken)) }
            let page: AmazonListingsPage = try await call(
                "searchListingsItems", "GET",
                "/listings/2021-08-01/items/\(PercentEncoding.encode(credentials.sellerID))?"
                    + PercentEncoding.query(query))
            listings += page.items
            pageToken = page.pagination?.nextToken
        } while pageToken != nil
        return listings
    }

    /// Sets a merchant-fulfilled listing's quantity (an absolute value, never a delta).
    public func setQuantity(sku: String, quantity: Int, productType: String = "PRODUCT") async throws {
        let body: [String: Any] = [
            "productType": productType,
            "patches": [
                [
                    "op": "replace", "path": "/attributes/fulfillment_availability",
                    "value": [["fulfillment_channel_code": "DEFAULT", "quantity": quantity]],
                ]
            ],
        ]
        let path =
            "/listings/2021-08-01/items/\(PercentEncoding.encode(credentials.sellerID))/\(PercentEncoding.encode(sku))?"
            + PercentEncoding.query([("marketplaceIds", credentials.marketplaceID)])
        let response = try await raw(
            "patchListingsItem", "PATCH", path, body: try JSONSerialization.data(withJSONObject: body))
        let status = (try? JSONSerialization.jsonObject(with: response.body) as? [String: Any])?["status"] as? String
        if status == "INVALID" {
            throw ChannelError(
                kind: .rejected, channel: "Amazon", status: response.status,
                message: String(decoding: response.body.prefix(400), as: UTF8.self))
        }
    }

    /// Confirms one package of an order: its items and quantities only.
    public func confirmShipment(
        orderID: String, packageReference: String, carrierCode: String, trackingNumber: String, shipDate: Date,
        items: [(orderItemID: String, quantity: Int)]
    ) async throws {
        let body: [String: Any] = [
            "marketplaceId": credentials.marketplaceID,
            "packageDetail": [
                "packageReferenceId": packageReference, "carrierCode": carrierCode, "trackingNumber": trackingNumber,
                "shipDate": DateFormats.iso8601(shipDate),
                "orderItems": items.map { ["orderItemId": $0.orderItemID, "quantity": $0.quantity] },
            ],
        ]
        _ = try await raw(
            "confirmShipment", "POST", "/orders/v0/orders/\(PercentEncoding.encode(orderID))/shipmentConfirmation",
            body: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]))
    }

    /// The harmless call used to check credentials before saving them: a token and one listing page.
    public func verifyCredentials() async throws {
        let query = PercentEncoding.query([("marketplaceIds", credentials.marketplaceID), ("pageSize", "1")])
        _ = try await raw(
            "searchListingsItems", "GET",
            "/listings/2021-08-01/items/\(PercentEncoding.encode(credentials.sellerID))?\(query)", body: nil)
    }

    // MARK: - Transport

    private func call<T: Decodable>(_ operation: String, _ method: String, _ path: String) async throws -> T {
        let response = try await raw(operation, method, path, body: nil)
        do {
            return try JSONDecoder().decode(T.self, from: response.body)
        } catch {
            throw ChannelError(
                kind: .rejected, channel: "Amazon", status: nil, message: "unexpected \(operation) response: \(error)")
        }
    }

    private func raw(_ operation: String, _ method: String, _ path: String, body: Data?) async throws
        -> HTTPClientResponse
    {
        var attempt = 0
        while true {
            attempt += 1
            await buckets.take(operation)
            let accessToken = try await currentToken()
            var headers = [("x-amz-access-token", accessToken), ("Accept", "application/json")]
            if body != nil { headers.append(("Content-Type", "application/json")) }
            let response: HTTPClientResponse
            do {
                response = try await http.send(method, baseURL + path, headers: headers, body: body)
            } catch {
                guard attempt < 6 else {
                    throw ChannelError(kind: .transient, channel: "Amazon", status: nil, message: "\(error)")
                }
                await pause(milliseconds: Backoff.delayMilliseconds(attempt: attempt))
                continue
            }
            if (200..<300).contains(response.status) { return response }
            if response.status == 403, attempt == 1 {
                // An expired access token: fetch a new one once.
                await token.clear()
                continue
            }
            let error = ChannelError.from(status: response.status, channel: "Amazon", body: response.body)
            guard error.isRetryable, attempt < 6 else { throw error }
            if response.status == 429 { await buckets.drain(operation) }
            await pause(milliseconds: Backoff.delayMilliseconds(attempt: attempt))
        }
    }

    private func currentToken() async throws -> String {
        if let cached = await token.value() { return cached }
        let form = PercentEncoding.query([
            ("grant_type", "refresh_token"), ("refresh_token", credentials.refreshToken),
            ("client_id", credentials.clientID), ("client_secret", credentials.clientSecret),
        ])
        let response = try await http.send(
            "POST", tokenURL, headers: [("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")],
            body: Data(form.utf8))
        guard response.status == 200, let decoded = try? JSONDecoder().decode(AmazonToken.self, from: response.body)
        else {
            var error = ChannelError.from(status: response.status, channel: "Amazon", body: response.body)
            if response.status == 400 || response.status == 401 {
                error = ChannelError(
                    kind: .unauthorized, channel: "Amazon login (LWA)", status: response.status,
                    message: "the client id, client secret or refresh token was refused: "
                        + String(decoding: response.body.prefix(200), as: UTF8.self))
            }
            throw error
        }
        await token.store(decoded.accessToken, expiresIn: decoded.expiresIn)
        return decoded.accessToken
    }
}

/// The current LWA access token, renewed a minute before it expires.
actor AccessTokenCache {
    private var token: String?
    private var expiresAt: ContinuousClock.Instant = .now

    func value() -> String? {
        guard let token, expiresAt > .now else { return nil }
        return token
    }

    func store(_ token: String, expiresIn: Int) {
        self.token = token
        expiresAt = .now + .seconds(max(0, expiresIn - 60))
    }

    func clear() { token = nil }
}
