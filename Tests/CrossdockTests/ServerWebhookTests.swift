import CrossdockHTTP
import CrossdockServer
import CrossdockStore
import CrossdockSync
import Foundation
import Testing

@Suite("BigCommerce webhook receiver")
struct ServerWebhookTests {
    static func inventoryUpdate(hash: String, productID: Int = 77) -> [String: Any] {
        [
            "scope": "store/product/inventory/updated", "store_id": "1025646", "hash": hash,
            "created_at": 1_561_479_335, "producer": "stores/abc123",
            "data": [
                "type": "product", "id": productID,
                "inventory": ["product_id": productID, "method": "absolute", "value": 5],
            ],
        ]
    }

    func deliver(_ hub: ServerTestHub, _ event: [String: Any], secret: String? = ServerTestHub.webhookSecret)
        async throws -> HTTPClientResponse
    {
        try await deliver(hub, try JSONSerialization.data(withJSONObject: event), secret: secret)
    }

    func deliver(_ hub: ServerTestHub, _ body: Data, secret: String? = ServerTestHub.webhookSecret)
        async throws -> HTTPClientResponse
    {
        var headers = [("Content-Type", "application/json")]
        if let secret {
            headers.append(("X-Crossdock-Webhook-Secret", secret))
        }
        return try await hub.send("POST", "/webhooks/bigcommerce", headers: headers, body: body)
    }

    @Test func wrongOrMissingSecretIsRefusedAndQueuesNothing() async throws {
        try await ServerTestHub.with { hub in
            try await hub.connectChannels()

            let wrong = try await deliver(hub, Self.inventoryUpdate(hash: "h-w3"), secret: "whsec-guess")
            #expect(wrong.status == 401 && wrong.errorCode == "invalid_webhook_secret")
            let missing = try await deliver(hub, Self.inventoryUpdate(hash: "h-w3"), secret: nil)
            #expect(missing.status == 401)
            #expect(try await hub.store.pendingJobCounts().isEmpty)

            // The refused deliveries were not remembered either: the real one is still new.
            let right = try await deliver(hub, Self.inventoryUpdate(hash: "h-w3"))
            #expect(right.status == 200 && right.outcome == "queued")
        }
    }

    @Test func sameHashDeliveredThreeTimesTwoAtOnceQueuesOneRefresh() async throws {
        try await ServerTestHub.with { hub in
            try await hub.connectChannels()
            let event = try JSONSerialization.data(withJSONObject: Self.inventoryUpdate(hash: "7ee6a1b2c3"))

            let first = try await deliver(hub, event)
            #expect(first.status == 200)
            // The worker has the refresh in hand, so a repeat that slipped past the hash check would
            // queue a second job instead of coalescing with the first.
            let claimed = try #require(try await hub.store.claimJob())
            #expect(claimed.kind == JobKind.productRefresh && claimed.key == "77")

            async let second = deliver(hub, event)
            async let third = deliver(hub, event)
            let repeats = try await [second, third]
            #expect(repeats.allSatisfy { $0.status == 200 })
            #expect(repeats.map(\.outcome) == ["duplicate", "duplicate"])
            #expect(try await hub.store.pendingJobCounts() == [JobKind.productRefresh: 1])
            #expect(try await hub.store.claimJob() == nil)
        }
    }

    @Test func malformedBodyIsABadRequestAndUnknownScopesAreIgnored() async throws {
        try await ServerTestHub.with { hub in
            try await hub.connectChannels()

            let malformed = try await hub.send(
                "POST", "/webhooks/bigcommerce", headers: [("X-Crossdock-Webhook-Secret", ServerTestHub.webhookSecret)],
                body: Data("{\"scope\":".utf8))
            #expect(malformed.status == 400)

            let unknown = try await deliver(
                hub, ["scope": "store/cart/created", "hash": "h-cart", "data": ["type": "cart", "id": "x"]])
            #expect(unknown.status == 200 && unknown.outcome == "ignored")
            #expect(try await hub.store.pendingJobCounts().isEmpty)
        }
    }

    @Test func webhooksNeedNoAdminToken() async throws {
        try await ServerTestHub.with(adminToken: "admin-token") { hub in
            try await hub.connectChannels()
            let response = try await deliver(hub, Self.inventoryUpdate(hash: "h-open"))
            #expect(response.status == 200)
        }
    }
}
