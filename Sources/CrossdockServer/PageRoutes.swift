import CrossdockDomain
import CrossdockHTTP
import CrossdockStore

/// The HTML workspaces and the form posts they make.
struct PageRoutes: Sendable {
    let store: Store

    func register(on router: inout Router) {
        router.get("/", Endpoint.page { _ in .redirect(to: "/products") })
        router.get("/products", Endpoint.page(products))
        router.get("/orders", Endpoint.page(orders))
        router.post("/orders/{id}/retry", Endpoint.page(retryOrder))
        router.get("/settings/integrations", Endpoint.page(integrations))
        router.post("/settings/integrations/{id}", Endpoint.page(saveIntegration))
    }

    func products(_ request: HTTPRequest) async throws -> HTTPResponse {
        let search = request.queryValue("search") ?? ""
        let paging = Paging.workspace(request)
        let page = ProductsPage(
            search: search, paging: paging,
            products: try await store.products(search: search, offset: paging.offset, limit: paging.perPage),
            progress: try await store.catalogImport(), problems: try await store.importProblems())
        return Pages.page(
            title: "Products", workspace: .products, body: page.body, script: ProductsPage.progressScript)
    }

    func orders(_ request: HTTPRequest) async throws -> HTTPResponse {
        let paging = Paging.workspace(request)
        let listed = try await store.orders(offset: paging.offset, limit: paging.perPage)
        let integrations = try await store.integrations()
        var retried: String?
        if let id = request.queryValue("retried").flatMap({ Int($0) }) {
            retried = try await store.order(id: id)?.order.marketplaceOrderID
        }
        let page = OrdersPage(
            paging: paging, orders: listed.orders, total: listed.total, counts: try await store.orderCounts(),
            integrations: Dictionary(integrations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
            catalog: try await store.catalogImport().state, retried: retried)
        return Pages.page(title: "Orders", workspace: .orders, body: page.body)
    }

    func retryOrder(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let id = Int(request.parameter("id")) else {
            throw APIError.notFound("There is no order \"\(request.parameter("id"))\" in the hub.")
        }
        _ = try await IntegrationActions(store: store).retryOrder(id: id)
        let page = request.formFields.first { $0.name == "page" }.flatMap { Int($0.value) } ?? 1
        return .redirect(to: "/orders?" + PercentEncoding.query([("page", String(page)), ("retried", String(id))]))
    }

    func integrations(_ request: HTTPRequest) async throws -> HTTPResponse {
        let integrations = try await store.integrations()
        let saved = request.queryValue("saved").flatMap { id in integrations.first { $0.id == id }?.name }
        let page = IntegrationsPage(
            integrations: integrations, catalog: try await store.catalogImport().state, saved: saved)
        return Pages.page(title: "Integrations", workspace: .integrations, body: page.body)
    }

    /// Saves a tile's form: a checked box is on, an absent one off (browsers send only checked boxes).
    func saveIntegration(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = request.parameter("id")
        guard let integration = try await store.integration(id: id) else {
            throw APIError.notFound("There is no integration \"\(id)\"; it may have been removed.")
        }
        let checked = Set(request.formFields.map(\.name))
        var changes: [String: Bool] = [:]
        for item in IntegrationSettings.switches(for: integration.channel)
        where !IntegrationSettings.notYetBuilt.contains(item.key) {
            changes[item.key] = checked.contains(item.key)
        }
        _ = try await IntegrationActions(store: store).updateSwitches(changes, integrationID: id)
        return .redirect(to: "/settings/integrations?" + PercentEncoding.query([("saved", id)]))
    }
}
