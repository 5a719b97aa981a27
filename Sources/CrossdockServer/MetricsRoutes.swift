import CrossdockHTTP
import CrossdockStore

/// `GET /metrics` in the Prometheus text exposition format.
struct MetricsRoutes: Sendable {
    let store: Store

    func register(on router: inout Router) {
        router.get("/metrics", Endpoint.api(metrics))
    }

    func metrics(_ request: HTTPRequest) async throws -> HTTPResponse {
        let catalog = try await store.catalogImport()
        let orders = try await store.orderCounts()
        let jobs = try await store.pendingJobCounts()

        var text = ""
        func gauge(_ name: String, _ help: String, _ samples: [(labels: String, value: Int)]) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
            for sample in samples {
                text += "\(name)\(sample.labels) \(sample.value)\n"
            }
        }
        gauge(
            "crossdock_catalog_products_imported", "Catalogue entries imported from BigCommerce.",
            [("", catalog.imported)])
        gauge("crossdock_catalog_products_total", "Catalogue entries BigCommerce reports.", [("", catalog.total)])
        gauge("crossdock_catalog_import_problems", "Products that could not be imported.", [("", catalog.problems)])
        gauge(
            "crossdock_catalog_import_complete", "1 once the catalogue import has completed.",
            [("", catalog.state == .complete ? 1 : 0)])
        gauge("crossdock_orders_imported", "Marketplace orders imported into the hub.", [("", orders.imported)])
        gauge(
            "crossdock_orders", "Marketplace orders by where routing stands.",
            [
                ("{state=\"waiting\"}", orders.waiting), ("{state=\"blocked\"}", orders.blocked),
                ("{state=\"routed\"}", orders.routed),
            ])
        gauge(
            "crossdock_orders_tracking_sent", "Orders whose tracking has been sent to their marketplace.",
            [("", orders.trackingSent)])
        gauge(
            "crossdock_jobs", "Durable jobs queued or running, by kind.",
            jobs.sorted { $0.key < $1.key }.map { ("{kind=\"\(Self.label($0.key))\"}", $0.value) })
        return .text(text, contentType: "text/plain; version=0.0.4; charset=utf-8")
    }

    /// Escapes a label value as the exposition format requires.
    private static func label(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
