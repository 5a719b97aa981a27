import CrossdockDomain
import CrossdockStore

/// Where the merchant stands in the staged go-live of DESIGN.md §1.1, in words for the Integrations page.
enum GoLiveStage {
    /// The line shown for the hub as a whole.
    static func overall(integrations: [Integration], catalog: CatalogImportProgress.State) -> String {
        let marketplaces = integrations.filter { $0.channel != .bigcommerce }
        guard integrations.contains(where: { $0.channel == .bigcommerce }) else {
            return "Stage 1 of 7: connect BigCommerce to start the catalogue import"
        }
        switch catalog {
        case .notStarted:
            return "Stage 1 of 7: BigCommerce is connected; the catalogue import has not started yet"
        case .importing:
            return "Stage 2 of 7: Import running — outbound work waits until it completes"
        case .complete:
            break
        }
        if marketplaces.isEmpty {
            return "Stage 4 of 7: catalogue imported; connect a marketplace to route its orders"
        }
        let withoutQuantities = marketplaces.filter { !$0.settings.exportQuantities }
        if !withoutQuantities.isEmpty {
            return "Stage 6 of 7: orders and tracking flow; Quantity export off on " + names(withoutQuantities)
        }
        let withoutPrices = marketplaces.filter { !$0.settings.exportPrices }
        if !withoutPrices.isEmpty {
            return "Stage 7 of 7: quantities exported; Price export off on " + names(withoutPrices)
        }
        return "Live: orders, tracking, quantities and prices flow on every marketplace"
    }

    /// The line shown on one integration's tile.
    static func line(for integration: Integration, catalog: CatalogImportProgress.State) -> String {
        let settings = integration.settings
        let gate: String? =
            switch catalog {
            case .notStarted:
                integration.channel == .bigcommerce
                    ? "Catalogue import not started yet" : "Waiting for the BigCommerce catalogue import"
            case .importing: "Import running — outbound work waits until it completes"
            case .complete: nil
            }
        if let gate {
            guard integration.channel != .bigcommerce else { return gate }
            let off = [
                settings.exportQuantities ? nil : "Quantity export off",
                settings.exportPrices ? nil : "Price export off",
            ]
            return ([gate] + off.compactMap { $0 }).joined(separator: " · ")
        }
        if integration.channel == .bigcommerce {
            return settings.exportOrders
                ? "Catalogue imported — marketplace orders are created here as Awaiting Fulfillment"
                : "Order export off — marketplace orders wait in the hub"
        }
        let parts = [
            settings.importOrders ? "Orders flow to BigCommerce" : "Order import off",
            settings.exportTracking ? "Tracking exported" : "Tracking export off",
            settings.exportQuantities ? "Quantities exported" : "Quantity export off",
            settings.exportPrices ? "Prices exported" : "Price export off",
        ]
        return parts.joined(separator: " · ")
    }

    private static func names(_ integrations: [Integration]) -> String {
        integrations.map(\.name).joined(separator: ", ")
    }
}

extension IntegrationSettings {
    /// The switches a channel's tile and API show: BigCommerce has no publishing, tracking, quantity or
    /// price export (Workflow A keeps them off), and only BigCommerce is the inventory truth or takes orders.
    static func switches(for channel: Channel) -> [(key: String, label: String, outbound: Bool)] {
        let bigCommerceOnly: Set<String> = ["inventory_truth", "export_orders", "create_custom_lines"]
        let marketplaceOnly: Set<String> = [
            "publish_listings", "export_tracking", "export_quantities", "export_prices",
        ]
        let excluded = channel == .bigcommerce ? marketplaceOnly : bigCommerceOnly
        return switches.filter { !excluded.contains($0.key) }
    }
}
