import CrossdockDomain
import CrossdockHTTP
import CrossdockStore
import Foundation

/// The JSON API under `/api/v1`, described by `/api/openapi.json`.
struct APIRoutes: Sendable {
    let store: Store

    func register(on router: inout Router) {
        router.get("/api/v1/status", Endpoint.api(status))
        router.get("/api/v1/products", Endpoint.api(products))
        router.get("/api/v1/import-problems", Endpoint.api(importProblems))
        router.get("/api/v1/orders", Endpoint.api(orders))
        router.get("/api/v1/orders/{id}", Endpoint.api(order))
        router.post("/api/v1/orders/{id}/retry", Endpoint.api(retryOrder))
        router.get("/api/v1/integrations", Endpoint.api(integrations))
        router.patch("/api/v1/integrations/{id}/settings", Endpoint.api(updateSettings))
    }

    // MARK: Catalogue

    func status(_ request: HTTPRequest) async throws -> HTTPResponse {
        let catalog = try await store.catalogImport()
        let counts = try await store.orderCounts()
        let integrations = try await store.integrations().map { integration -> JSONValue in
            [
                "id": .string(integration.id), "channel": .string(integration.channel.rawValue),
                "name": .string(integration.name), "last_error": .string(integration.lastError),
            ]
        }
        return .json(
            JSONValue.object(["catalog": catalog.json, "orders": counts.json, "integrations": .array(integrations)]))
    }

    func products(_ request: HTTPRequest) async throws -> HTTPResponse {
        let paging = try Paging.api(request)
        let page = try await store.products(
            search: request.queryValue("search") ?? "", offset: paging.offset, limit: paging.perPage)
        var data: [JSONValue] = []
        for product in page.products {
            let reserved = product.isSellable ? try await store.reservedQuantity(sku: product.sku) : nil
            data.append(product.json(reserved: reserved))
        }
        return .json(JSONValue.object(["data": .array(data), "meta": paging.meta(total: page.total)]))
    }

    func importProblems(_ request: HTTPRequest) async throws -> HTTPResponse {
        let problems = try await store.importProblems()
        return .json(JSONValue.object(["data": .array(problems.map(\.json))]))
    }

    // MARK: Orders

    func orders(_ request: HTTPRequest) async throws -> HTTPResponse {
        let paging = try Paging.api(request)
        let page = try await store.orders(offset: paging.offset, limit: paging.perPage)
        let channels = try await channelsByIntegration()
        let data = page.orders.map { $0.json(channel: channels[$0.order.integrationID]) }
        return .json(JSONValue.object(["data": .array(data), "meta": paging.meta(total: page.total)]))
    }

    func order(_ request: HTTPRequest) async throws -> HTTPResponse {
        let record = try await existingOrder(request.parameter("id"))
        let channels = try await channelsByIntegration()
        guard case .object(var members) = record.json(channel: channels[record.order.integrationID]) else {
            throw APIError.internalError
        }
        members["shipments"] = .array(try await store.shipments(orderID: record.id).map(\.json))
        return .json(JSONValue.object(members))
    }

    func retryOrder(_ request: HTTPRequest) async throws -> HTTPResponse {
        let record = try await existingOrder(request.parameter("id"))
        let retried = try await IntegrationActions(store: store).retryOrder(id: record.id)
        let channels = try await channelsByIntegration()
        return .json(retried.json(channel: channels[retried.order.integrationID]), status: 202)
    }

    // MARK: Integrations

    func integrations(_ request: HTTPRequest) async throws -> HTTPResponse {
        let catalog = try await store.catalogImport().state
        let data = try await store.integrations().map { $0.json(catalog: catalog) }
        return .json(JSONValue.object(["data": .array(data)]))
    }

    func updateSettings(_ request: HTTPRequest) async throws -> HTTPResponse {
        let changes = try SwitchChanges.decode(request.body)
        let integration = try await IntegrationActions(store: store)
            .updateSwitches(changes, integrationID: request.parameter("id"))
        return .json(integration.json(catalog: try await store.catalogImport().state))
    }

    // MARK: Helpers

    private func existingOrder(_ text: String) async throws -> OrderRecord {
        guard let id = Int(text), let record = try await store.order(id: id) else {
            throw APIError.notFound("There is no order \"\(text)\" in the hub; list orders at /api/v1/orders.")
        }
        return record
    }

    private func channelsByIntegration() async throws -> [String: Channel] {
        Dictionary(try await store.integrations().map { ($0.id, $0.channel) }, uniquingKeysWith: { first, _ in first })
    }
}

/// The body of a settings PATCH: switch names mapped to true or false.
enum SwitchChanges {
    private enum Value: Decodable {
        case flag(Bool)
        case other

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            self = (try? container.decode(Bool.self)).map(Value.flag) ?? .other
        }
    }

    static func decode(_ body: Data) throws(APIError) -> [String: Bool] {
        guard let values = try? JSONDecoder().decode([String: Value].self, from: body) else {
            throw APIError.badRequest(
                "The body must be a JSON object of switch names and true or false, such as {\"export_prices\": true}.")
        }
        var changes: [String: Bool] = [:]
        var invalid: [String] = []
        for (key, value) in values {
            if case .flag(let flag) = value { changes[key] = flag } else { invalid.append(key) }
        }
        guard invalid.isEmpty else {
            throw APIError(
                status: 422, code: "invalid_switch_value",
                message: "\(invalid.sorted().joined(separator: ", ")) must be true or false.", fields: invalid.sorted())
        }
        return changes
    }
}
