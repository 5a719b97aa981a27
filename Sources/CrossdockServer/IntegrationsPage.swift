import CrossdockDomain
import CrossdockHTTP
import CrossdockStore

/// Settings → Integrations: one tile per connected channel with its switches and go-live stage.
struct IntegrationsPage {
    var integrations: [Integration]
    var catalog: CatalogImportProgress.State
    /// The name of the integration whose settings were just saved, for the notice.
    var saved: String?

    var body: HTML {
        let notice: HTML =
            saved.map { "<p class=\"notice ok\" id=\"saved-notice\">Settings saved for \($0).</p>" } ?? .empty
        let tiles: HTML =
            integrations.isEmpty
            ? "<p class=\"notice\" id=\"no-integrations\">No channels are connected yet.</p>"
            : "<div class=\"tiles\">\(integrations.map(tile))</div>"
        let stage = GoLiveStage.overall(integrations: integrations, catalog: catalog)
        return """
            <h1>Settings → Integrations</h1>
            \(notice)
            <p class="stage stage-banner" id="go-live-stage">\(stage)</p>
            \(tiles)
            """
    }

    private func tile(_ integration: Integration) -> HTML {
        let switches = IntegrationSettings.switches(for: integration.channel)
        let connection: HTML =
            integration.lastError == nil
            ? "<span class=\"connection badge complete\">Connected</span>"
            : "<span class=\"connection badge blocked\">Connected — needs attention</span>"
        let lastError: HTML =
            integration.lastError.map { "<p class=\"notice error last-error\">Last error: \($0)</p>" } ?? .empty
        let action = "/settings/integrations/" + PercentEncoding.encode(integration.id)
        return """
            <article class="tile integration" id="integration-\(integration.id)" \
            data-integration-id="\(integration.id)" data-channel="\(integration.channel.rawValue)">
            <h2>\(integration.name)</h2>
            <div class="muted">\(integration.channel.displayName) · \(connection)</div>
            <p class="stage">\(GoLiveStage.line(for: integration, catalog: catalog))</p>
            \(updatesLine(integration))
            \(lastError)
            <form method="post" action="\(action)">
            \(fieldset("Inbound", switches.filter { !$0.outbound }, integration.settings))
            \(fieldset("Outbound", switches.filter(\.outbound), integration.settings))
            <button type="submit">Save</button>
            </form>
            </article>
            """
    }

    /// How changes reach the hub: BigCommerce webhooks when registered, otherwise polling (DESIGN.md §1.2).
    private func updatesLine(_ integration: Integration) -> HTML {
        guard integration.channel == .bigcommerce else { return .empty }
        let hasWebhooks = !(integration.credentials["webhook_secret"] ?? "").isEmpty
        let webhooks: HTML = """
            <p class="muted updates">Changes arrive by webhook, and a poll of modified products every few \
            minutes catches any webhook lost; routed orders are polled for shipments.</p>
            """
        let polling: HTML = """
            <p class="warning updates">No webhooks registered: product edits arrive by a poll every few \
            minutes, but stock changes are not followed; shipments are found by polling.</p>
            """
        return hasWebhooks ? webhooks : polling
    }

    private func fieldset(
        _ legend: String, _ switches: [(key: String, label: String, outbound: Bool)], _ settings: IntegrationSettings
    ) -> HTML {
        let boxes = switches.map { item -> HTML in
            // A switch whose flow is not built yet is shown, so the merchant sees what is coming, but
            // cannot be changed and is not shown on: it does nothing. Families are always imported.
            let effective =
                IntegrationSettings.notYetBuilt.contains(item.key)
                ? item.key == "import_variation_relationships" : settings[item.key] == true
            let checked: HTML = effective ? " checked" : ""
            guard IntegrationSettings.notYetBuilt.contains(item.key) else {
                return """
                    <label><input type="checkbox" name="\(item.key)" value="on"\(checked)> \(item.label)</label>

                    """
            }
            // Families are always imported; only switching that off is missing.
            let note = item.key == "import_variation_relationships" ? "always on for now" : "not available yet"
            return """
                <label class="muted"><input type="checkbox" disabled\(checked)> \(item.label) \
                <span class="muted">(\(note))</span></label>

                """
        }
        return "<fieldset><legend>\(legend)</legend>\(boxes)</fieldset>"
    }
}
