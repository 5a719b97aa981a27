import CrossdockDomain
import CrossdockHTTP
import CrossdockStore
import CrossdockSync
import Foundation

/// Receivers of channel webhooks. Each checks its channel's secret, drops duplicate deliveries,
/// queues the work in the same transaction that records the delivery, and answers at once.
struct WebhookRoutes: Sendable {
    /// The custom header the hub asks BigCommerce to send with every delivery of its hooks.
    static let bigCommerceSecretHeader = "X-Crossdock-Webhook-Secret"

    let store: Store

    func register(on router: inout Router) {
        router.post("/webhooks/bigcommerce", Endpoint.api(bigCommerce))
    }

    func bigCommerce(_ request: HTTPRequest) async throws -> HTTPResponse {
        // The secret is checked before the body is even parsed: an unauthenticated delivery changes nothing.
        let secret = try await store.integration(channel: .bigcommerce)?.credentials["webhook_secret"]
        guard let secret, !secret.isEmpty, let presented = request.header(Self.bigCommerceSecretHeader),
            Authorization.constantTimeEquals(Array(presented.utf8), Array(secret.utf8))
        else {
            throw APIError(
                status: 401, code: "invalid_webhook_secret",
                message: "The \(Self.bigCommerceSecretHeader) header does not match the BigCommerce integration's "
                    + "webhook secret; reconnect BigCommerce with 'crossdock connect bigcommerce --webhook-url'.")
        }

        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: request.body) else {
            throw APIError.badRequest(
                "The body is not a BigCommerce webhook: it must be JSON with a \"scope\" and a \"hash\".")
        }
        // A payload of a shape the hub does not read (another scope's ids, say) is not worth BigCommerce's
        // retries: answering 400 would only get the hook deactivated, and the delta poll covers the change.
        guard let webhook = try? JSONDecoder().decode(BigCommerceWebhook.self, from: request.body) else {
            Log.error("webhook payload not understood", ["scope": envelope.scope])
            return receipt("ignored", scope: envelope.scope)
        }
        guard let job = WebhookRouting.job(for: webhook) else {
            return receipt("ignored", scope: webhook.scope)
        }
        let isNew = try await store.acceptWebhook(
            hash: webhook.hash, scope: webhook.scope, integration: JobKind.bigCommerceIntegrationID, job: job)
        Log.debug("webhook received", ["scope": webhook.scope, "job": job.kind, "duplicate": String(!isNew)])
        return receipt(isNew ? "queued" : "duplicate", scope: webhook.scope)
    }

    /// The part of every delivery the receiver needs before it reads the payload.
    private struct Envelope: Decodable {
        var scope: String
        var hash: String
    }

    /// What happened to a delivery: `queued`, `duplicate` (same hash seen before) or `ignored` (a scope
    /// the hub does not act on).
    private func receipt(_ outcome: String, scope: String) -> HTTPResponse {
        .json(JSONValue.object(["outcome": .string(outcome), "scope": .string(scope)]))
    }
}
