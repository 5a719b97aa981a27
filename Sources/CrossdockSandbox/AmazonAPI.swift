import CrossdockHTTP
import Foundation

/// The emulated SP-API under `/amazon`: the LWA token endpoint, access-token checks, per-operation
/// usage plans, and the Listings Items routes. Orders live in their own file.
struct AmazonAPI: Sendable {
    let store: AmazonStore

    var credentials: AmazonCredentials { store.credentials }

    func makeRouter() -> Router {
        var router = Router()
        let api = self
        let items = "/amazon/listings/2021-08-01/items/{sellerId}"
        router.get(items) { request in
            await api.metered(.searchListingsItems, request) { await api.searchListings($0) }
        }
        router.get("\(items)/{sku}") { request in
            await api.metered(.getListingsItem, request) { await api.getListing($0) }
        }
        router.patch("\(items)/{sku}") { request in
            await api.metered(.patchListingsItem, request) { await api.patchListing($0) }
        }
        router.put("\(items)/{sku}") { request in
            await api.metered(.putListingsItem, request) { await api.putListing($0) }
        }
        router.delete("\(items)/{sku}") { request in
            await api.metered(.deleteListingsItem, request) { await api.deleteListing($0) }
        }
        router.get("/amazon/sellers/v1/marketplaceParticipations") { request in
            await api.metered(.getMarketplaceParticipations, request) { _ in api.marketplaceParticipations() }
        }
        addOrderRoutes(to: &router)
        return router
    }

    // MARK: Gate

    func handle(_ request: HTTPRequest, router: Router) async -> HTTPResponse {
        let requestId = SandboxRandom.uuid()
        if request.rawPath == "/amazon/auth/o2/token" {
            guard request.method == "POST" else { return .empty(status: 405) }
            return await issueToken(request)
        }
        switch await store.tokenState(request.header("x-amz-access-token"), now: Date()) {
        case .valid:
            break
        case .expired:
            return failure(
                AmazonFailure(
                    status: 403, code: "Unauthorized", message: "Access to requested resource is denied.",
                    details: "The access token you provided has expired.")
            )
            .withHeaders([("x-amzn-RequestId", requestId)])
        case .unknown:
            return failure(
                AmazonFailure(status: 403, code: "Unauthorized", message: "Access to requested resource is denied.")
            )
            .withHeaders([("x-amzn-RequestId", requestId)])
        }
        guard let (handler, bound) = router.match(request) else {
            return failure(AmazonFailure(status: 404, code: "NotFound", message: "Resource not found."))
                .withHeaders([("x-amzn-RequestId", requestId)])
        }
        return await handler(bound).withHeaders([("x-amzn-RequestId", requestId)])
    }

    /// Applies the operation's usage plan and adds `x-amzn-RateLimit-Limit`.
    func metered(
        _ operation: AmazonOperation, _ request: HTTPRequest, _ handler: (HTTPRequest) async -> HTTPResponse
    ) async -> HTTPResponse {
        let rate = await store.reportedRate(operation)
        guard await store.admit(operation, now: Date()) else {
            return failure(
                AmazonFailure(
                    status: 429, code: "QuotaExceeded", message: "You exceeded your quota for the requested resource.")
            )
            .withHeaders([("x-amzn-RateLimit-Limit", rate)])
        }
        return await handler(request).withHeaders([("x-amzn-RateLimit-Limit", rate)])
    }

    func failure(_ failure: AmazonFailure) -> HTTPResponse {
        .jsonTree(AmazonWire.errors(failure), status: failure.status)
    }

    private func issueToken(_ request: HTTPRequest) async -> HTTPResponse {
        let form = Dictionary(request.formFields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        switch await store.issueToken(form: form, now: Date()) {
        case .success(let token):
            SandboxLog.debug("access token issued", ["channel": "amazon"])
            return .jsonTree([
                "access_token": token, "token_type": "bearer", "expires_in": Int(AmazonStore.tokenLifetime),
                "refresh_token": credentials.refreshToken,
            ])
        case .failure(let failure):
            return .jsonTree(
                ["error": failure.error, "error_description": failure.description], status: failure.status)
        }
    }

    /// Checks the seller id in the path and the marketplace in the query.
    func accountProblem(_ request: HTTPRequest, marketplaceParameter: String = "marketplaceIds") -> AmazonFailure? {
        guard request.parameter("sellerId") == credentials.sellerId else {
            return AmazonFailure(status: 403, code: "Unauthorized", message: "Access to requested resource is denied.")
        }
        guard let marketplaces = request.commaList(marketplaceParameter), !marketplaces.isEmpty else {
            return .invalidInput("\(marketplaceParameter) is required.")
        }
        guard marketplaces.contains(credentials.marketplaceId) else {
            return .invalidInput("The seller does not sell in marketplace \(marketplaces.joined(separator: ",")).")
        }
        return nil
    }

    // MARK: Listings Items

    func searchListings(_ request: HTTPRequest) async -> HTTPResponse {
        if let problem = accountProblem(request) { return failure(problem) }
        let pageSize = request.queryValue("pageSize").map { Int($0) ?? 0 } ?? 10
        guard (1...20).contains(pageSize) else { return failure(.invalidInput("pageSize must be 1 to 20.")) }
        let included = Set(request.commaList("includedData") ?? ["summaries"])

        var listings = await store.allListings()
        if let identifiers = request.commaList("identifiers") {
            guard request.queryValue("identifiersType") == "SKU" else {
                return failure(.invalidInput("The sandbox searches identifiers of identifiersType SKU only."))
            }
            guard identifiers.count <= 20 else { return failure(.invalidInput("At most 20 identifiers.")) }
            listings = listings.filter { identifiers.contains($0.sku) }
        }
        let sortBy = request.queryValue("sortBy") ?? "lastUpdatedDate"
        let ascending = request.queryValue("sortOrder")?.uppercased() == "ASC"
        listings.sort { first, second in
            let key: (AmazonListing) -> (Date, String) = { listing in
                switch sortBy {
                case "sku": (.distantPast, listing.sku)
                case "createdDate": (listing.createdDate, listing.sku)
                default: (listing.lastUpdatedDate, listing.sku)
                }
            }
            return ascending ? key(first) < key(second) : key(first) > key(second)
        }

        var offset = 0
        if let token = request.queryValue("pageToken") {
            guard let decoded = Data(base64Encoded: token).flatMap({ Int(String(decoding: $0, as: UTF8.self)) }),
                decoded >= 0
            else { return failure(.invalidInput("pageToken is not valid.")) }
            offset = decoded
        }
        let page = Array(listings.dropFirst(offset).prefix(pageSize))
        var pagination: [String: Any] = [:]
        if offset + page.count < listings.count {
            pagination["nextToken"] = Data(String(offset + page.count).utf8).base64EncodedString()
        }
        if offset > 0 {
            pagination["previousToken"] = Data(String(max(0, offset - pageSize)).utf8).base64EncodedString()
        }
        let marketplaceId = credentials.marketplaceId
        var body: [String: Any] = [
            "numberOfResults": listings.count,
            "items": page.map { AmazonWire.listing($0, marketplaceId: marketplaceId, included: included) },
        ]
        if !pagination.isEmpty { body["pagination"] = pagination }
        return .jsonTree(body)
    }

    func getListing(_ request: HTTPRequest) async -> HTTPResponse {
        if let problem = accountProblem(request) { return failure(problem) }
        let sku = request.parameter("sku")
        guard let listing = await store.listing(sku: sku) else { return listingNotFound(sku) }
        let included = Set(request.commaList("includedData") ?? ["summaries"])
        return .jsonTree(AmazonWire.listing(listing, marketplaceId: credentials.marketplaceId, included: included))
    }

    func deleteListing(_ request: HTTPRequest) async -> HTTPResponse {
        if let problem = accountProblem(request) { return failure(problem) }
        let sku = request.parameter("sku")
        guard await store.deleteListing(sku: sku) else { return listingNotFound(sku) }
        return .jsonTree(ListingSubmission.accepted(sku: sku))
    }

    func listingNotFound(_ sku: String) -> HTTPResponse {
        failure(
            AmazonFailure(
                status: 404, code: "NOT_FOUND",
                message: "SKU '\(sku)' not found for seller \(credentials.sellerId) in \(credentials.marketplaceId)."))
    }

    func marketplaceParticipations() -> HTTPResponse {
        .jsonTree([
            "payload": [
                [
                    "marketplace": [
                        "id": credentials.marketplaceId, "name": "Amazon.co.uk", "countryCode": "GB",
                        "defaultCurrencyCode": "GBP", "defaultLanguageCode": "en_GB", "domainName": "www.amazon.co.uk",
                    ],
                    "participation": ["isParticipating": true, "hasSuspendedListings": false],
                ]
            ]
        ])
    }
}
