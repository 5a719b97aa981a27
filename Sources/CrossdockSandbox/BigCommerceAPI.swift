import CrossdockHTTP
import Foundation

/// The emulated BigCommerce REST API under `/bigcommerce/stores/{store_hash}`: authentication,
/// the per-store quota, injected faults, and the v3 catalogue and inventory routes. Orders and
/// webhooks live in their own files.
struct BigCommerceAPI: Sendable {
    static let prefix = "/bigcommerce/stores/{store_hash}"

    let store: BigCommerceStore
    let webhooks: BigCommerceWebhooks
    let traffic: BigCommerceTraffic
    let storeHash: String
    let accessToken: String
    let address: SandboxAddress
    /// Every request received, for `GET /_control/bigcommerce/requests`.
    let requestLog = BigCommerceRequestLog()

    /// The base clients are given, such as `http://127.0.0.1:8080/bigcommerce/stores/crossdock-demo`.
    var apiBase: String { "\(address.baseURL)/bigcommerce/stores/\(storeHash)" }

    func makeRouter() -> Router {
        var router = Router()
        let api = self
        router.get("\(Self.prefix)/v3/catalog/products") { await api.listProducts($0) }
        router.get("\(Self.prefix)/v3/catalog/products/{id}") { await api.getProduct($0) }
        router.get("\(Self.prefix)/v3/catalog/products/{id}/variants") { await api.listVariants($0, ofProduct: true) }
        router.get("\(Self.prefix)/v3/catalog/variants") { await api.listVariants($0, ofProduct: false) }
        router.put("\(Self.prefix)/v3/inventory/adjustments/absolute") { await api.adjustAbsolute($0) }
        router.get("\(Self.prefix)/v2/store") { _ in api.storeInformation() }
        router.get("\(Self.prefix)/v2/order_statuses") { _ in api.orderStatuses() }
        addCatalogRoutes(to: &router)
        addOrderRoutes(to: &router)
        addWebhookRoutes(to: &router)
        return router
    }

    // MARK: Gate

    /// Checks the store hash and token, applies injected faults and the quota, then routes.
    func handle(_ request: HTTPRequest, router: Router) async -> HTTPResponse {
        let segments = request.pathSegments
        let isV2 = segments.count > 3 && segments[3] == "v2"
        guard segments.count > 2, segments[2] == storeHash else {
            return error(404, "Store not found.", v2: isV2)
        }
        guard request.header("x-auth-token") == accessToken else {
            return isV2
                ? error(401, "You are not authorized to access this resource.", v2: true)
                : error(
                    401, "Unauthorized - the v3 Auth client ID or token in the request are not a valid combination.")
        }

        let decision: RequestWindow.Decision
        switch await traffic.check(path: request.rawPath + request.queryString, method: request.method, now: Date()) {
        case .fault(let fault, let faultWindow):
            if let delay = fault.delayMilliseconds {
                try? await Task.sleep(nanoseconds: UInt64(max(0, delay)) * 1_000_000)
            }
            guard let status = fault.status else {
                decision = await traffic.admit(now: Date())
                guard decision.allowed else { return tooManyRequests(decision, v2: isV2) }
                break
            }
            if status == 429 { return tooManyRequests(faultWindow, v2: isV2) }
            return error(status, Self.reason(for: status), v2: isV2)
        case .throttled(let throttled):
            return tooManyRequests(throttled, v2: isV2)
        case .admitted(let admitted):
            decision = admitted
        }

        guard let (handler, bound) = router.match(request) else {
            return error(404, "The requested resource was not found.", v2: isV2).withHeaders(Self.rateHeaders(decision))
        }
        return await handler(bound).withHeaders(Self.rateHeaders(decision))
    }

    static func rateHeaders(_ decision: RequestWindow.Decision) -> [(String, String)] {
        [
            ("X-Rate-Limit-Time-Window-Ms", String(decision.windowMilliseconds)),
            ("X-Rate-Limit-Time-Reset-Ms", String(decision.resetMilliseconds)),
            ("X-Rate-Limit-Requests-Quota", String(decision.quota)),
            ("X-Rate-Limit-Requests-Left", String(decision.left)),
        ]
    }

    private func tooManyRequests(_ decision: RequestWindow.Decision, v2: Bool) -> HTTPResponse {
        error(429, "Too many requests. Wait for the reset time before retrying.", v2: v2)
            .withHeaders(Self.rateHeaders(decision))
    }

    private static func reason(for status: Int) -> String {
        switch status {
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "The request failed."
        }
    }

    /// BigCommerce's error bodies: v3 `application/problem+json`, v2 a JSON array.
    func error(_ status: Int, _ message: String, v2: Bool = false, fields: [String: String] = [:]) -> HTTPResponse {
        if v2 {
            return .jsonTree([["status": status, "message": message]], status: status)
        }
        let body: [String: Any] = [
            "status": status, "title": message, "type": BigCommerceWire.problemType, "errors": fields,
        ]
        return .jsonTree(body, status: status, contentType: "application/problem+json")
    }

    func error(_ failure: BigCommerceFailure, v2: Bool = false) -> HTTPResponse {
        error(failure.status, failure.message, v2: v2, fields: failure.fieldErrors)
    }

    // MARK: Catalogue

    func listProducts(_ request: HTTPRequest) async -> HTTPResponse {
        let include = Set(request.commaList("include") ?? [])
        var query = ProductQuery()
        query.page = request.positiveInt("page") ?? 1
        query.limit = min(request.positiveInt("limit") ?? 50, 250)
        if include.contains("options") || include.contains("modifiers") {
            query.limit = min(query.limit, 10)
        }
        if let id = request.positiveInt("id") { query.ids = [id] }
        if let ids = request.commaList("id:in") { query.ids = Set(ids.compactMap { Int($0) }) }
        if let sku = request.queryValue("sku") { query.skus = [sku] }
        if let skus = request.commaList("sku:in") { query.skus = skus }
        query.name = request.queryValue("name")
        query.idMin = request.queryValue("id:min").flatMap { Int($0) }
        query.idMax = request.queryValue("id:max").flatMap { Int($0) }
        let dateFilters: [(String, WritableKeyPath<ProductQuery, Date?>)] = [
            ("date_modified:min", \.modifiedMin), ("date_modified:max", \.modifiedMax),
        ]
        for (name, keyPath) in dateFilters {
            guard let text = request.queryValue(name) else { continue }
            guard let date = SandboxDates.parseISO8601(text) else {
                return error(422, "The filter '\(name)' is not a valid date.", fields: [name: "Invalid date: \(text)"])
            }
            query[keyPath: keyPath] = date
        }
        query.sort = request.queryValue("sort") ?? "id"
        query.descending = request.queryValue("direction")?.lowercased() == "desc"

        let includeFields = request.commaList("include_fields").map(Set.init)
        let excludeFields = Set(request.commaList("exclude_fields") ?? [])
        let shape = ProductShape(include: include, includeFields: includeFields, excludeFields: excludeFields)
        if let page = await store.productPage(matching: query, shape: shape) {
            var body = Array(#"{"data":"#.utf8) + page.data + Array(#","meta":"#.utf8)
            WireBytes.write(
                BigCommerceWire.pagination(total: page.total, count: page.count, page: query.page, limit: query.limit),
                into: &body)
            body.append(UInt8(ascii: "}"))
            return .jsonData(Data(body))
        }
        let (page, total) = await store.products(matching: query)
        let data = page.map { product in
            BigCommerceWire.trim(
                BigCommerceWire.product(product, include: include), includeFields: includeFields,
                excludeFields: excludeFields, keep: include)
        }
        return .jsonTree([
            "data": data,
            "meta": BigCommerceWire.pagination(total: total, count: page.count, page: query.page, limit: query.limit),
        ])
    }

    func getProduct(_ request: HTTPRequest) async -> HTTPResponse {
        guard let id = request.intParameter("id"), let product = await store.product(id: id) else {
            return error(404, "The requested product was not found.")
        }
        let include = Set(request.commaList("include") ?? [])
        let shape = ProductShape(
            include: include, includeFields: request.commaList("include_fields").map(Set.init),
            excludeFields: Set(request.commaList("exclude_fields") ?? []))
        if let json = await store.productJSON(id: id, shape: shape) {
            return .jsonData(Data(Array(#"{"data":"#.utf8) + json + Array(#","meta":{}}"#.utf8)))
        }
        let json = BigCommerceWire.trim(
            BigCommerceWire.product(product, include: include),
            includeFields: request.commaList("include_fields").map(Set.init),
            excludeFields: Set(request.commaList("exclude_fields") ?? []), keep: include)
        return .jsonTree(["data": json, "meta": [String: Any]()])
    }

    func listVariants(_ request: HTTPRequest, ofProduct: Bool) async -> HTTPResponse {
        var query = VariantQuery()
        query.page = request.positiveInt("page") ?? 1
        query.limit = min(request.positiveInt("limit") ?? 50, 250)
        if ofProduct {
            guard let id = request.intParameter("id"), await store.product(id: id) != nil else {
                return error(404, "The requested product was not found.")
            }
            query.productIds = [id]
        } else if let productIds = request.commaList("product_id:in") {
            query.productIds = Set(productIds.compactMap { Int($0) })
        }
        if let id = request.positiveInt("id") { query.ids = [id] }
        if let ids = request.commaList("id:in") { query.ids = Set(ids.compactMap { Int($0) }) }
        if let sku = request.queryValue("sku") { query.skus = [sku] }
        let (page, total) = await store.variants(matching: query)
        return .jsonTree([
            "data": page.map { BigCommerceWire.variant(product: $0.0, $0.1) },
            "meta": BigCommerceWire.pagination(total: total, count: page.count, page: query.page, limit: query.limit),
        ])
    }

    // MARK: Inventory

    private struct AbsoluteAdjustmentBody: Decodable {
        struct Item: Decodable {
            var locationId: Int?
            var variantId: Int?
            var productId: Int?
            var sku: String?
            var quantity: Int?
        }
        var reason: String?
        var items: [Item]?
    }

    func adjustAbsolute(_ request: HTTPRequest) async -> HTTPResponse {
        guard let body = RequestBody.decode(AbsoluteAdjustmentBody.self, from: request.body),
            let items = body.items, !items.isEmpty
        else {
            return error(422, "JSON data is missing or invalid", fields: ["items": "At least one item is required."])
        }
        guard items.count <= 2000 else {
            return error(422, "Too many items; the limit is 2000.", fields: ["items": "At most 2000 items."])
        }
        var adjustments: [StockAdjustment] = []
        for (index, item) in items.enumerated() {
            guard let locationId = item.locationId else {
                return error(
                    422, "JSON data is missing or invalid", fields: ["items.\(index).location_id": "Required."])
            }
            guard locationId == 1 else {
                return error(422, "[Location with id \(locationId) not found]")
            }
            guard let quantity = item.quantity else {
                return error(422, "JSON data is missing or invalid", fields: ["items.\(index).quantity": "Required."])
            }
            adjustments.append(
                StockAdjustment(productId: item.productId, variantId: item.variantId, sku: item.sku, quantity: quantity)
            )
        }
        switch await store.adjustAbsolute(adjustments) {
        case .failure(let failure):
            return error(failure)
        case .success(let events):
            await webhooks.publish(events)
            return .jsonTree(["transaction_id": SandboxRandom.uuid()])
        }
    }

    // MARK: Store

    func storeInformation() -> HTTPResponse {
        .jsonTree([
            "id": storeHash, "domain": "crossdock-demo.example", "secure_url": "https://crossdock-demo.example",
            "name": "Crossdock Demo Store", "first_name": "Demo", "last_name": "Merchant", "country": "United Kingdom",
            "country_code": "GB", "currency": "GBP", "currency_symbol": "£", "decimal_separator": ".",
            "thousands_separator": ",", "decimal_places": 2, "timezone": ["name": "Etc/UTC", "raw_offset": 0],
            "weight_units": "kg", "dimension_units": "Centimeters", "plan_name": "Standard",
            "is_price_entered_with_tax": false, "language": "en", "status": "live",
            "store_id": Int(webhooks.storeId) ?? 0,
        ])
    }

    func orderStatuses() -> HTTPResponse {
        .jsonTree(
            OrderStatus.names.keys.sorted().map { id in
                ["id": id, "name": OrderStatus.name(id), "custom_label": OrderStatus.name(id), "order": id]
            })
    }
}
