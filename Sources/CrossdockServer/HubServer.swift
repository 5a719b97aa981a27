import CrossdockHTTP
import CrossdockStore
import CrossdockSync
import Foundation

/// The hub's web side: the JSON API, the HTML workspaces, webhook receivers and metrics.
public final class HubServer: Sendable {
    private let http: HTTPServer

    public init(store: Store, configuration: ServerConfiguration) {
        var router = Router()
        APIRoutes(store: store).register(on: &router)
        PageRoutes(store: store).register(on: &router)
        WebhookRoutes(store: store).register(on: &router)
        OpenAPIRoutes().register(on: &router)
        MetricsRoutes(store: store).register(on: &router)

        let dispatcher = Dispatcher(router: router, authorization: Authorization(adminToken: configuration.adminToken))
        http = HTTPServer(host: configuration.host, port: configuration.port) { request in
            await dispatcher.respond(to: request)
        }
    }

    /// Starts listening; with port 0 the chosen port is in `baseURL` afterwards.
    public func start() throws {
        try http.start()
        Log.info("web server started", ["url": http.baseURL])
    }

    public func stop() {
        http.stop()
    }

    /// Where the hub answers, such as `http://127.0.0.1:8080`.
    public var baseURL: String { http.baseURL }
}

/// Applies the rules every request goes through, then hands it to its route.
struct Dispatcher: Sendable {
    let router: Router
    let authorization: Authorization

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        await route(request)
            .withHeader("X-Content-Type-Options", "nosniff")
            .withHeader("Referrer-Policy", "same-origin")
    }

    private func route(_ request: HTTPRequest) async -> HTTPResponse {
        // Webhook receivers check their channel's own secret instead of the hub's login.
        if request.pathSegments.first != "webhooks", let refusal = authorization.check(request) {
            return refusal.response.withHeader("WWW-Authenticate", "Bearer")
        }

        guard let (handler, bound) = router.match(request) else {
            guard request.pathSegments.first == "api" else {
                return Pages.error(.notFound("There is no page at \(request.rawPath); use the links above."))
            }
            let message = "There is no \(request.method) \(request.rawPath) on this hub; "
            return APIError.notFound(message + "the API is described at /api/openapi.json.").response
        }
        return await handler(bound)
    }
}

/// Wraps route bodies that throw, turning errors into the answer their audience reads.
enum Endpoint {
    typealias Body = @Sendable (HTTPRequest) async throws -> HTTPResponse

    /// For the JSON API: an `APIError` becomes its JSON error, anything else a logged 500.
    static func api(_ body: @escaping Body) -> HTTPHandler {
        { request in
            do {
                return try await body(request)
            } catch let error as APIError {
                return error.response
            } catch {
                logFailure(request, error)
                return APIError.internalError.response
            }
        }
    }

    /// For HTML pages: errors become a page in the workspace layout.
    static func page(_ body: @escaping Body) -> HTTPHandler {
        { request in
            do {
                return try await body(request)
            } catch let error as APIError {
                return Pages.error(error)
            } catch {
                logFailure(request, error)
                return Pages.error(.internalError)
            }
        }
    }

    private static func logFailure(_ request: HTTPRequest, _ error: any Error) {
        Log.error("request failed", ["method": request.method, "path": request.rawPath, "error": "\(error)"])
    }
}
