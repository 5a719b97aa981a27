import Foundation

/// The seller's credentials, generated per sandbox instance.
struct AmazonCredentials: Sendable {
    let clientId: String
    let clientSecret: String
    let refreshToken: String
    let sellerId: String
    /// Amazon UK, since the seed data is in GBP.
    let marketplaceId = "A1F83G8C2ARO7P"

    static func generate() -> AmazonCredentials {
        AmazonCredentials(
            clientId: "amzn1.application-oa2-client." + SandboxRandom.hex(bytes: 16),
            clientSecret: "amzn1.oa2-cs.v1." + SandboxRandom.hex(bytes: 32),
            refreshToken: "Atzr|" + SandboxRandom.string(length: 64, from: SandboxRandom.lowercaseAlphanumerics),
            sellerId: "A" + SandboxRandom.string(length: 13, from: SandboxRandom.uppercaseAlphanumerics))
    }
}

/// A listing to create: from the BigCommerce catalogue, or from the control API.
struct ListingSeed: Sendable {
    var sku: String
    var itemName: String
    var quantity: Int
    var pricePence: Int?
}

/// Why an access token was refused.
enum AccessTokenState: Sendable {
    case valid, expired, unknown
}

/// The emulated Amazon seller account: LWA tokens, usage-plan buckets, listings and orders.
actor AmazonStore {
    static let tokenLifetime: TimeInterval = 3600

    let credentials: AmazonCredentials
    private let timeScale: Double
    private var accessTokens: [String: Date] = [:]
    private var buckets: [AmazonOperation: TokenBucket] = [:]
    var listings: [String: AmazonListing] = [:]
    var orders: [AmazonOrder] = []
    var orderPositions: [String: Int] = [:]
    var nextOrderSequence = 1

    init(credentials: AmazonCredentials, timeScale: Double) {
        self.credentials = credentials
        self.timeScale = timeScale
    }

    // MARK: Login with Amazon

    /// `POST /auth/o2/token` with `grant_type=refresh_token`.
    func issueToken(form: [String: String], now: Date) -> Result<String, AmazonTokenFailure> {
        guard form["grant_type"] == "refresh_token" else {
            return .failure(
                AmazonTokenFailure(
                    status: 400, error: "unsupported_grant_type", description: "The sandbox supports refresh_token."))
        }
        guard let clientId = form["client_id"], let secret = form["client_secret"],
            let refreshToken = form["refresh_token"]
        else {
            return .failure(
                AmazonTokenFailure(
                    status: 400, error: "invalid_request",
                    description:
                        "The request is missing a required parameter : client_id, client_secret or refresh_token"))
        }
        guard clientId == credentials.clientId, secret == credentials.clientSecret else {
            return .failure(
                AmazonTokenFailure(status: 401, error: "invalid_client", description: "Client authentication failed"))
        }
        guard refreshToken == credentials.refreshToken else {
            return .failure(
                AmazonTokenFailure(
                    status: 400, error: "invalid_grant",
                    description: "The request has an invalid grant parameter : refresh_token"))
        }
        let token = "Atza|" + SandboxRandom.string(length: 96, from: SandboxRandom.lowercaseAlphanumerics)
        accessTokens[token] = now.addingTimeInterval(Self.tokenLifetime)
        return .success(token)
    }

    func tokenState(_ token: String?, now: Date) -> AccessTokenState {
        guard let token, let expiry = accessTokens[token] else { return .unknown }
        return expiry > now ? .valid : .expired
    }

    /// Makes every issued access token expire now, so clients must refresh.
    func expireTokens(now: Date) {
        accessTokens = accessTokens.mapValues { _ in now }
    }

    // MARK: Usage plans

    /// Takes a token from the operation's bucket; refill rates are multiplied by the time scale.
    func admit(_ operation: AmazonOperation, now: Date) -> Bool {
        var bucket = buckets[operation] ?? TokenBucket(rate: operation.rate * timeScale, burst: operation.burst)
        let admitted = bucket.take(at: now)
        buckets[operation] = bucket
        return admitted
    }

    /// The rate reported in `x-amzn-RateLimit-Limit`: the effective one, after time scaling.
    func reportedRate(_ operation: AmazonOperation) -> String {
        let rate = operation.rate * timeScale
        return rate == rate.rounded() ? String(Int(rate)) : String(rate)
    }

    // MARK: Listings

    func listing(sku: String) -> AmazonListing? { listings[sku] }

    func allListings() -> [AmazonListing] { Array(listings.values) }

    /// Creates or replaces listings, as the seller's catalogue import or the control API does.
    func list(_ items: [ListingSeed], now: Date) {
        let stamp = SandboxDates.wholeSeconds(now)
        for item in items {
            listings[item.sku] = AmazonListing(
                sku: item.sku, asin: AmazonIdentifiers.asin(sku: item.sku), itemName: item.itemName,
                productType: "PRODUCT", quantity: max(0, item.quantity), quantityUpdates: 0,
                priceMinor: item.pricePence, currency: "GBP", attributes: [:], createdDate: stamp,
                lastUpdatedDate: stamp)
        }
    }

    func removeAllListings() {
        listings = [:]
    }

    func deleteListing(sku: String) -> Bool {
        listings.removeValue(forKey: sku) != nil
    }

    // MARK: Orders

    func order(id: String) -> AmazonOrder? {
        orderPositions[id].map { orders[$0] }
    }

    func allOrders() -> [AmazonOrder] { orders }

    /// A buyer places an order; its listings' quantities go down as Amazon's do (never below 0).
    func place(_ placement: AmazonOrderPlacement, now: Date) -> Result<AmazonOrder, AmazonFailure> {
        guard !placement.lines.isEmpty else { return .failure(.invalidInput("An order needs at least one line.")) }
        guard placement.lines.allSatisfy({ $0.quantity > 0 && $0.unitPrice >= 0 }) else {
            return .failure(.invalidInput("Every line needs a positive quantity and a unit price of 0 or more."))
        }
        guard placement.status == .pending || placement.status == .unshipped else {
            return .failure(.invalidInput("A new order is Pending or Unshipped."))
        }
        var orderId = placement.amazonOrderId ?? ""
        while orderId.isEmpty || (placement.amazonOrderId == nil && orderPositions[orderId] != nil) {
            orderId = AmazonIdentifiers.orderId(sequence: nextOrderSequence)
            nextOrderSequence += 1
        }
        guard orderPositions[orderId] == nil else {
            return .failure(AmazonFailure(status: 409, code: "Conflict", message: "Order \(orderId) already exists."))
        }
        let stamp = SandboxDates.wholeSeconds(now)
        let items = placement.lines.enumerated().map { index, line in
            AmazonOrderItem(
                orderItemId: AmazonIdentifiers.orderItemId(orderId: orderId, line: index), sku: line.sku,
                asin: listings[line.sku]?.asin ?? AmazonIdentifiers.asin(sku: line.sku),
                title: listings[line.sku]?.itemName ?? line.sku, quantityOrdered: line.quantity, quantityShipped: 0,
                unitPriceMinor: line.unitPrice)
        }
        let order = AmazonOrder(
            amazonOrderId: orderId, status: placement.status,
            purchaseDate: placement.purchaseDate.map(SandboxDates.wholeSeconds) ?? stamp, lastUpdateDate: stamp,
            currency: placement.currency.uppercased(), buyer: placement.buyer,
            buyerEmail: SandboxRandom.string(length: 16, from: SandboxRandom.lowercaseAlphanumerics)
                + "@marketplace.amazon.co.uk",
            items: items, confirmations: [], invoice: placement.invoice, invoicePlacedAt: placement.invoicePlacedAt)
        orderPositions[orderId] = orders.count
        orders.append(order)
        for line in placement.lines {
            guard var listing = listings[line.sku] else { continue }
            listing.quantity = max(0, listing.quantity - line.quantity)
            listings[line.sku] = listing
        }
        return .success(order)
    }

    /// Moves an order as Amazon or the buyer would: Pending → Unshipped, or any unshipped order → Canceled.
    func setStatus(orderId: String, to status: AmazonOrderStatus, now: Date) -> Result<AmazonOrder, AmazonFailure> {
        guard let index = orderPositions[orderId] else { return .failure(.notFound("Order \(orderId) not found.")) }
        let current = orders[index].status
        let allowed: Bool
        switch (current, status) {
        case (.pending, .unshipped), (.pending, .canceled), (.unshipped, .canceled): allowed = true
        default: allowed = current == status
        }
        guard allowed else {
            return .failure(
                .invalidInput("Order \(orderId) cannot move from \(current.rawValue) to \(status.rawValue)."))
        }
        if current != status {
            orders[index].status = status
            orders[index].lastUpdateDate = SandboxDates.wholeSeconds(now)
        }
        return .success(orders[index])
    }
}

/// An LWA token endpoint error (`{"error", "error_description"}`).
struct AmazonTokenFailure: Error, Sendable {
    let status: Int
    let error: String
    let description: String
}
