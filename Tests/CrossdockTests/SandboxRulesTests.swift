import Foundation
import Testing

@testable import CrossdockSandbox

/// The sandbox's pure rules: date formats, money, quotas and identifiers, without a server.
@Suite("Sandbox: rules")
struct SandboxRulesTests {
    private let moment = Date(timeIntervalSince1970: 1_713_177_719)  // 2024-04-15 10:41:59 UTC, a Monday

    @Test func writesEachChannelsDateFormat() {
        #expect(SandboxDates.rfc2822(moment) == "Mon, 15 Apr 2024 10:41:59 +0000")
        #expect(SandboxDates.iso8601(moment) == "2024-04-15T10:41:59Z")
        #expect(SandboxDates.bigCommerceV3(moment) == "2024-04-15T10:41:59+00:00")
    }

    @Test func readsRFC2822AndISO8601AndRefusesASpaceForAPlus() {
        let accepted = [
            "Mon, 15 Apr 2024 10:41:59 +0000", "15 Apr 2024 11:41:59 +0100", "Mon, 15 Apr 2024 06:41:59 -0400",
            "2024-04-15T10:41:59Z", "2024-04-15T10:41:59.000Z", "2024-04-15T12:41:59+02:00", "2024-04-15T12:41:59+0200",
        ]
        for text in accepted {
            #expect(SandboxDates.parseBigCommerceFilter(text) == moment, "\(text)")
        }
        #expect(SandboxDates.parseISO8601("2024-04-15") == Date(timeIntervalSince1970: 1_713_139_200))
        for text in ["Mon, 15 Apr 2024 10:41:59  0000", "2024-04-15T10:41:59 00:00", "2024-13-01", "yesterday", ""] {
            #expect(SandboxDates.parseBigCommerceFilter(text) == nil, "\(text)")
        }
    }

    @Test func writesMoneyWithoutFloatingPoint() {
        #expect(Money.amazonAmount(minor: 1260, currency: "GBP") == "12.60")
        #expect(Money.amazonAmount(minor: 5, currency: "GBP") == "0.05")
        #expect(Money.amazonAmount(minor: 1050, currency: "JPY") == "1050")
        #expect(Money.bigCommerceAmount(Decimal(string: "2.1") ?? 0) == "2.1000")
        #expect(Money.bigCommerceAmount(Decimal(string: "-0.5") ?? 0) == "-0.5000")
        #expect(Money.catalogNumber(pence: 85) == 0.85)
    }

    @Test func fixedWindowRefillsWhenItEnds() {
        var window = RequestWindow(quota: 2, windowMilliseconds: 1000)
        let first = window.admit(at: moment)
        #expect(first.allowed && first.left == 1 && first.resetMilliseconds == 1000)
        #expect(window.admit(at: moment.addingTimeInterval(0.2)).left == 0)
        let refused = window.admit(at: moment.addingTimeInterval(0.4))
        #expect(!refused.allowed && refused.resetMilliseconds == 600)
        #expect(window.admit(at: moment.addingTimeInterval(1.0)).allowed)
    }

    @Test func tokenBucketAllowsBurstThenRefillsAtItsRate() {
        var bucket = TokenBucket(rate: 2, burst: 3)
        var answers: [Bool] = []
        for offset in [0, 0, 0, 0, 0.4, 0.5] {
            answers.append(bucket.take(at: moment.addingTimeInterval(offset)))
        }
        #expect(answers == [true, true, true, false, false, true])
    }

    @Test func derivesAmazonShapedIdentifiersStably() {
        let orderId = AmazonIdentifiers.orderId(invoice: "536367")
        #expect(orderId == AmazonIdentifiers.orderId(invoice: "536367"))
        #expect(orderId.hasPrefix("202-0536367-"))
        #expect(orderId.split(separator: "-").map(\.count) == [3, 7, 7])
        #expect(AmazonIdentifiers.orderItemId(orderId: orderId, line: 0).count == 14)
        let asin = AmazonIdentifiers.asin(sku: "DE-3602/4")
        #expect(asin.count == 10 && asin.hasPrefix("B0"))
    }

    @Test func webhookWildcardsCoverNarrowerScopes() {
        func hook(_ scope: String) -> Webhook {
            Webhook(
                id: 1, scope: scope, destination: "", isActive: true, headers: [:], createdAt: moment, updatedAt: moment
            )
        }
        #expect(hook("store/order/*").covers("store/order/statusUpdated"))
        #expect(hook("store/*").covers("store/sku/inventory/order/updated"))
        #expect(hook("store/product/inventory/updated").covers("store/product/inventory/updated"))
        #expect(!hook("store/product/inventory/updated").covers("store/product/inventory/order/updated"))
        #expect(!hook("store/order/*").covers("store/orders/created"))
    }

    @Test func warehouseDelayIsBetweenTwoAndThirtyHours() async {
        let store = BigCommerceStore()
        _ = await store.loadCatalog(
            [SeedProduct(sku: "A", name: "A", price: 100, inventoryLevel: 5, options: nil, variants: nil)],
            replace: true, now: moment)
        var request = OrderRequest()
        request.products = [OrderRequestLine(productId: 101, quantity: 1)]
        request.billingAddress = OrderAddress()
        request.externalOrderId = "202-0000000-0000000"
        guard case .success(let (order, _)) = await store.createOrder(request, now: moment) else {
            Issue.record("the order was refused")
            return
        }
        let delay = Replay.warehouseDelay(for: order)
        #expect(delay >= 2 * 3600 && delay < 30 * 3600)
        #expect(await store.level(at: .product(id: 101)) == 4)
    }
}
