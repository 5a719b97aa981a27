import CrossdockConnectors
import CrossdockDomain
import CrossdockHTTP
import Foundation

/// Connecting channels: credentials are checked with one harmless call before they are saved.
extension SyncEngine {
    /// The BigCommerce webhook scopes the hub listens to.
    public static let bigCommerceHookScopes = [
        "store/product/inventory/updated", "store/sku/inventory/updated",
        // BigCommerce announces stock taken by an order under these scopes, not the two above.
        "store/product/inventory/order/updated", "store/sku/inventory/order/updated",
        "store/product/created", "store/product/updated", "store/product/deleted", "store/shipment/created",
        "store/order/created", "store/order/updated",
        "store/order/statusUpdated",
    ]

    /// Connects the BigCommerce store (go-live stage 1) and starts the catalogue import.
    /// `webhookURL` is where BigCommerce delivers events; without one the hub relies on polling.
    public func connectBigCommerce(baseURL: String, credentials: [String: String], webhookURL: String?) async throws {
        guard let token = credentials["access_token"], !token.isEmpty else {
            throw SyncError.configuration("Give the API account's access token (access_token).")
        }
        let client = BigCommerceClient(baseURL: baseURL, accessToken: token)
        do {
            try await client.verifyCredentials()
        } catch let error as ChannelError where error.kind == .unauthorized || error.kind == .notFound {
            throw SyncError.configuration(
                "BigCommerce refused the store hash or access token (\(error.status.map(String.init) ?? "?")); "
                    + "check both in the store's API account.")
        }

        var stored = credentials
        let secret = stored["webhook_secret"] ?? Self.randomSecret()
        if webhookURL != nil { stored["webhook_secret"] = secret }
        let integration = Integration(
            id: JobKind.bigCommerceIntegrationID, channel: .bigcommerce, name: "BigCommerce", baseURL: baseURL,
            tokenURL: nil,
            credentials: stored, settings: .bigCommerceDefaults)
        try await store.save(integration)
        await channels.forget(integration.id)

        if let webhookURL {
            for scope in Self.bigCommerceHookScopes {
                try await client.createHook(
                    scope: scope, destination: webhookURL, headers: ["X-Crossdock-Webhook-Secret": secret])
            }
        } else {
            // TODO: without a public webhook address, poll BigCommerce's date_modified for stock changes (issue 3).
            try await store.setLastError(
                "No webhook address: stock changes are not followed; reconnect with crossdock connect --webhook-url.",
                integrationID: integration.id)
        }
        if try await store.catalogImport().state != .complete {
            try await store.beginCatalogImport(integrationID: integration.id)
            // Changes made while the import pages through the catalogue are caught by the delta poll (R4).
            if try await store.catalogModifiedSince() == nil {
                try await store.setCatalogModifiedSince(DateFormats.iso8601(Date()))
            }
            try await store.enqueue(kind: JobKind.catalogImport, key: integration.id, integration: integration.id)
        }
        Log.info("integration connected", ["integration": integration.id])
    }

    /// Connects an Amazon seller account (go-live stage 4): listings and orders are imported and
    /// tracking is exported; quantities and prices stay off.
    public func connectAmazon(baseURL: String, tokenURL: String, credentials: [String: String], id: String = "amazon")
        async throws
    {
        guard let parsed = AmazonCredentials(credentials) else {
            let missing = ["client_id", "client_secret", "refresh_token", "seller_id", "marketplace_id"].filter {
                credentials[$0]?.isEmpty ?? true
            }
            throw SyncError.configuration("Amazon credentials are missing: \(missing.joined(separator: ", ")).")
        }
        let client = AmazonClient(baseURL: baseURL, tokenURL: tokenURL, credentials: parsed)
        do {
            try await client.verifyCredentials()
        } catch let error as ChannelError where error.kind == .unauthorized {
            throw SyncError.configuration("Amazon refused the credentials: \(error.message)")
        }
        let integration = Integration(
            id: id, channel: .amazon, name: Self.amazonName(marketplaceID: parsed.marketplaceID), baseURL: baseURL,
            tokenURL: tokenURL,
            credentials: credentials, settings: .marketplaceDefaults)
        try await store.save(integration)
        await channels.forget(integration.id)
        if integration.settings.importListings {
            try await store.enqueue(kind: JobKind.listingsImport, key: integration.id, integration: integration.id)
        }
        try await store.enqueue(kind: JobKind.ordersPoll, key: integration.id, integration: integration.id)
        Log.info("integration connected", ["integration": integration.id])
    }

    /// Turns one switch of an integration on or off.
    public func setSwitch(_ key: String, to value: Bool, integrationID: String) async throws {
        guard var integration = try await store.integration(id: integrationID) else {
            throw SyncError.missing("No integration \(integrationID).")
        }
        integration.settings[key] = value
        try await store.updateSettings(integration.settings, integrationID: integrationID)
        if key == "export_quantities", value {
            try await store.enqueue(kind: JobKind.inventoryReconcile, key: integrationID, integration: integrationID)
        }
    }

    /// "Amazon UK" for A1F83G8C2ARO7P; the id itself for marketplaces not listed.
    static func amazonName(marketplaceID: String) -> String {
        let countries = [
            "ATVPDKIKX0DER": "US", "A2EUQ1WTGCTBG2": "CA", "A1AM78C64UM0Y8": "MX", "A1F83G8C2ARO7P": "UK",
            "A1PA6795UKMFR9": "DE", "A13V1IB3VIYZZH": "FR", "APJ6JRA9NG5V4": "IT", "A1RKKUPIHCS9HS": "ES",
            "A1805IZSGTT6HS": "NL", "A1VC38T7YXB528": "JP", "A39IBJ37TRP1C6": "AU",
        ]
        return "Amazon " + (countries[marketplaceID] ?? marketplaceID)
    }

    static func randomSecret() -> String {
        (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }
}
