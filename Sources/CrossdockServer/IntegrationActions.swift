import CrossdockDomain
import CrossdockStore
import CrossdockSync

/// Changes to integrations and orders that the API and the workspaces share.
struct IntegrationActions: Sendable {
    let store: Store

    /// Sets switches by name and saves them. Names that are unknown, or that do not apply to the
    /// integration's channel, are refused together in one 422 that names each of them.
    func updateSwitches(_ changes: [String: Bool], integrationID: String) async throws -> Integration {
        guard var integration = try await store.integration(id: integrationID) else {
            throw APIError.notFound("There is no integration \"\(integrationID)\"; list them at /api/v1/integrations.")
        }
        let applicable = IntegrationSettings.switches(for: integration.channel).map(\.key)
        let refused = changes.keys.filter { !applicable.contains($0) }.sorted()
        guard refused.isEmpty else {
            throw APIError(
                status: 422, code: "unknown_switch",
                message:
                    "\(refused.joined(separator: ", ")) \(refused.count == 1 ? "is not a switch" : "are not switches") "
                    + "of \(integration.channel.displayName) integrations; use one of: "
                    + applicable.joined(separator: ", ") + ".",
                fields: refused)
        }

        let before = integration.settings
        for (key, value) in changes {
            integration.settings[key] = value
        }
        try await store.updateSettings(integration.settings, integrationID: integration.id)

        // Turning quantity export on makes every listing's quantity due at once, not at the next daily run.
        if integration.channel != .bigcommerce, integration.settings.exportQuantities, !before.exportQuantities {
            try await store.enqueue(
                kind: JobKind.inventoryReconcile, key: integration.id, integration: integration.id, payload: [:])
        }
        return integration
    }

    /// Sends a blocked order back to routing.
    func retryOrder(id: Int) async throws -> OrderRecord {
        guard let record = try await store.order(id: id) else {
            throw APIError.notFound("There is no order \(id) in the hub; list orders at /api/v1/orders.")
        }
        guard record.state == .blocked else {
            throw APIError(
                status: 409, code: "order_not_blocked",
                message: "Order \(record.order.marketplaceOrderID) is \(record.state.rawValue), not blocked; "
                    + "only blocked orders can be retried.")
        }
        // One transaction: a crash cannot leave a ready order without its routing job.
        try await store.setOrderState(
            .ready, reason: nil, orderID: id,
            queueing: [OrderJob(kind: JobKind.orderRoute, integration: JobKind.bigCommerceIntegrationID)])
        return try await store.order(id: id) ?? record
    }
}
