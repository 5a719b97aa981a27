import CrossdockHTTP
import Foundation

/// The v3 `/hooks` routes (webhooks.v3.yml).
extension BigCommerceAPI {
    private struct HookBody: Decodable {
        var scope: String?
        var destination: String?
        var isActive: Bool?
        var headers: [String: String]?
    }

    func addWebhookRoutes(to router: inout Router) {
        let api = self
        let hooks = "\(Self.prefix)/v3/hooks"
        router.get(hooks) { await api.listHooks($0) }
        router.post(hooks) { await api.createHook($0) }
        router.get("\(hooks)/{id}") { await api.getHook($0) }
        router.put("\(hooks)/{id}") { await api.updateHook($0) }
        router.delete("\(hooks)/{id}") { await api.deleteHook($0) }
    }

    func listHooks(_ request: HTTPRequest) async -> HTTPResponse {
        var hooks = await webhooks.all()
        if let active = request.queryValue("is_active") {
            hooks = hooks.filter { $0.isActive == (active == "true") }
        }
        if let scope = request.queryValue("scope") { hooks = hooks.filter { $0.scope == scope } }
        if let destination = request.queryValue("destination") {
            hooks = hooks.filter { $0.destination == destination }
        }
        let page = request.positiveInt("page") ?? 1
        let limit = min(request.positiveInt("limit") ?? 50, 250)
        let shown = BigCommerceStore.page(hooks, page: page, limit: limit)
        return .jsonTree([
            "data": shown.map(json),
            "meta": BigCommerceWire.pagination(total: hooks.count, count: shown.count, page: page, limit: limit),
        ])
    }

    func createHook(_ request: HTTPRequest) async -> HTTPResponse {
        guard let body = RequestBody.decode(HookBody.self, from: request.body) else {
            return error(400, "Input is invalid.")
        }
        guard let scope = body.scope, scope.hasPrefix("store/") else {
            return error(422, "JSON data is missing or invalid", fields: ["scope": "error.path.missing."])
        }
        guard let destination = body.destination else {
            return error(422, "JSON data is missing or invalid", fields: ["destination": "error.path.missing."])
        }
        if let problem = Self.destinationProblem(destination) {
            return error(422, "JSON data is missing or invalid", fields: ["destination": problem])
        }
        let hook = await webhooks.create(
            scope: scope, destination: destination, isActive: body.isActive ?? true, headers: body.headers ?? [:],
            now: Date())
        return .jsonTree(["data": json(hook), "meta": [String: Any]()])
    }

    func getHook(_ request: HTTPRequest) async -> HTTPResponse {
        guard let id = request.intParameter("id"), let hook = await webhooks.hook(id: id) else {
            return hookNotFound(request)
        }
        return .jsonTree(["data": json(hook), "meta": [String: Any]()])
    }

    func updateHook(_ request: HTTPRequest) async -> HTTPResponse {
        guard let id = request.intParameter("id") else { return hookNotFound(request) }
        guard let body = RequestBody.decode(HookBody.self, from: request.body) else {
            return error(400, "Input is invalid.")
        }
        if let destination = body.destination, let problem = Self.destinationProblem(destination) {
            return error(422, "JSON data is missing or invalid", fields: ["destination": problem])
        }
        guard
            let hook = await webhooks.update(
                id: id, scope: body.scope, destination: body.destination, isActive: body.isActive,
                headers: body.headers, now: Date())
        else { return hookNotFound(request) }
        return .jsonTree(["data": json(hook), "meta": [String: Any]()])
    }

    func deleteHook(_ request: HTTPRequest) async -> HTTPResponse {
        guard let id = request.intParameter("id"), let hook = await webhooks.delete(id: id) else {
            return hookNotFound(request)
        }
        return .jsonTree(["data": json(hook), "meta": [String: Any]()])
    }

    /// Why the sandbox will not deliver to a destination, or nil. BigCommerce itself wants HTTPS on
    /// port 443; the sandbox instead accepts HTTP or HTTPS on any port, but only on this machine.
    static func destinationProblem(_ destination: String) -> String? {
        guard let url = URL(string: destination), let scheme = url.scheme?.lowercased(), let host = url.host else {
            return "The destination must be an absolute http or https URL."
        }
        guard scheme == "http" || scheme == "https" else {
            return "The destination must be an absolute http or https URL."
        }
        let loopback = ["127.0.0.1", "localhost", "::1", "[::1]"]
        guard loopback.contains(host.lowercased()) else {
            return "The sandbox only delivers webhooks to this machine (127.0.0.1 or localhost)."
        }
        return nil
    }

    private func json(_ hook: Webhook) -> [String: Any] {
        [
            "id": hook.id, "client_id": webhooks.clientId, "store_hash": storeHash, "scope": hook.scope,
            "destination": hook.destination, "is_active": hook.isActive, "headers": hook.headers,
            "created_at": Int(hook.createdAt.timeIntervalSince1970),
            "updated_at": Int(hook.updatedAt.timeIntervalSince1970),
        ]
    }

    private func hookNotFound(_ request: HTTPRequest) -> HTTPResponse {
        error(404, "Webhook with id [\(request.parameter("id"))] not found")
    }
}
