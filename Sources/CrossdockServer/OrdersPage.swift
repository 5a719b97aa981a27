import CrossdockDomain
import CrossdockHTTP
import CrossdockStore

/// The Orders workspace: every marketplace order with where it stands, blocked orders first to the eye.
struct OrdersPage {
    var paging: Paging
    var orders: [OrderRecord]
    var total: Int
    var counts: OrderCounts
    var integrations: [String: Integration]
    var catalog: CatalogImportProgress.State
    /// The marketplace order id of an order just sent back to routing, for the notice.
    var retried: String?

    var body: HTML {
        let gate: HTML =
            catalog == .complete
            ? .empty
            : """
            <p class="notice" id="import-gate">Import running — orders wait in the hub until the catalogue import \
            completes, then they are routed.</p>
            """
        let notice: HTML =
            retried.map { "<p class=\"notice ok\" id=\"retry-notice\">Order \($0) is queued for routing again.</p>" }
            ?? .empty
        return """
            <h1>Orders</h1>
            \(notice)
            \(gate)
            <p class="summary" id="order-counts">\(Format.count(counts.imported)) imported · \
            \(Format.count(counts.routed)) routed · \(Format.count(counts.waiting)) waiting · \
            <span class="\(counts.blocked > 0 ? "warning" : "")">\(Format.count(counts.blocked)) blocked</span> · \
            \(Format.count(counts.trackingSent)) with tracking sent</p>
            \(table)
            \(Pages.pager(page: paging.page, perPage: paging.perPage, total: total, path: "/orders"))
            """
    }

    private var table: HTML {
        guard !orders.isEmpty else {
            return "<p class=\"notice\" id=\"no-orders\">No marketplace orders imported yet.</p>"
        }
        return """
            <table id="orders">
            <thead><tr><th>Marketplace order</th><th>Channel</th><th>Marketplace status</th><th>Hub state</th>\
            <th>BigCommerce order</th><th>Tracking</th><th></th></tr></thead>
            <tbody>
            \(orders.map(row))
            </tbody>
            </table>
            """
    }

    private func row(_ record: OrderRecord) -> HTML {
        let integration = integrations[record.order.integrationID]
        let channel: HTML =
            integration.map { "\($0.name) <span class=\"muted\">\($0.channel.displayName)</span>" }
            ?? "<span class=\"muted\">\(record.order.integrationID)</span>"
        let reason: HTML = record.reason.map { "<div class=\"reason\">\($0)</div>" } ?? .empty
        let bigCommerce: HTML = record.bigCommerceOrderID.map { "#\($0)" } ?? "<span class=\"muted\">—</span>"
        let tracking: HTML =
            record.trackingNumbers.isEmpty
            ? "<span class=\"muted\">—</span>"
            : HTML.join(record.trackingNumbers.map { "<code>\($0)</code> " })
        let purchased: HTML =
            record.order.purchasedAt.map { "<div class=\"muted nowrap\">\(Self.time($0))</div>" } ?? .empty
        let action: HTML =
            record.state == .blocked
            ? """
            <form method="post" action="/orders/\(record.id)/retry"><input type="hidden" name="page" \
            value="\(paging.page)"><button type="submit" class="retry">Retry</button></form>
            """
            : .empty
        return """
            <tr class="order \(record.state.rawValue)" data-order-id="\(record.id)" \
            data-marketplace-order-id="\(record.order.marketplaceOrderID)">\
            <td><span class="marketplace-order-id nowrap">\(record.order.marketplaceOrderID)</span>\(purchased)</td>\
            <td>\(channel)</td><td>\(record.order.marketplaceStatus)</td>\
            <td><span class="badge \(record.state.rawValue)">\(Self.label(record.state))</span>\(reason)</td>\
            <td>\(bigCommerce)</td><td>\(tracking)</td><td>\(action)</td></tr>

            """
    }

    /// `2024-04-15T10:41:59Z` → `2024-04-15 10:41 UTC`; other forms are shown as they are.
    static func time(_ iso: String) -> String {
        let parts = iso.split(separator: "T")
        guard parts.count == 2, iso.hasSuffix("Z"), parts[1].count >= 6 else { return iso }
        return "\(parts[0]) \(parts[1].prefix(5)) UTC"
    }

    static func label(_ state: OrderState) -> String {
        switch state {
        case .waiting: "Waiting"
        case .ready: "Ready to route"
        case .blocked: "Blocked"
        case .routed: "Awaiting Fulfillment"
        case .partiallyShipped: "Partially Shipped"
        case .shipped: "Shipped"
        case .cancelled: "Cancelled"
        }
    }
}
