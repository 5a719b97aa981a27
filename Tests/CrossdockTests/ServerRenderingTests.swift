import CrossdockDomain
import CrossdockStore
import Testing

@testable import CrossdockServer

@Suite("Hub page rendering rules")
struct ServerRenderingTests {
    @Test func interpolatedTextIsEscapedOnceAndFragmentsAreNotEscapedAgain() {
        let title = "Body & More <b>new</b> \"quoted\" it's"
        let cell: HTML = "<td>\(title)</td>"
        let row: HTML = "<tr>\(cell)</tr>"
        #expect(row.rendered == "<tr><td>Body &amp; More &lt;b&gt;new&lt;/b&gt; &quot;quoted&quot; it&#39;s</td></tr>")
    }

    @Test func goLiveStageFollowsTheStagedRollout() {
        var bigCommerce = Integration(
            id: "bc", channel: .bigcommerce, name: "Store", baseURL: "", tokenURL: nil, credentials: [:],
            settings: .bigCommerceDefaults)
        var amazon = Integration(
            id: "az", channel: .amazon, name: "Amazon UK", baseURL: "", tokenURL: nil, credentials: [:],
            settings: .marketplaceDefaults)

        #expect(GoLiveStage.overall(integrations: [], catalog: .notStarted).hasPrefix("Stage 1 of 7"))
        #expect(
            GoLiveStage.overall(integrations: [bigCommerce, amazon], catalog: .importing)
                == "Stage 2 of 7: Import running — outbound work waits until it completes")
        #expect(
            GoLiveStage.line(for: amazon, catalog: .importing)
                == "Import running — outbound work waits until it completes · Quantity export off · "
                + "Price export off")
        #expect(GoLiveStage.overall(integrations: [bigCommerce], catalog: .complete).hasPrefix("Stage 4 of 7"))
        #expect(
            GoLiveStage.overall(integrations: [bigCommerce, amazon], catalog: .complete)
                == "Stage 6 of 7: orders and tracking flow; Quantity export off on Amazon UK")

        amazon.settings.exportQuantities = true
        #expect(GoLiveStage.overall(integrations: [bigCommerce, amazon], catalog: .complete).hasPrefix("Stage 7 of 7"))
        amazon.settings.exportPrices = true
        #expect(GoLiveStage.overall(integrations: [bigCommerce, amazon], catalog: .complete).hasPrefix("Live"))

        bigCommerce.settings.exportOrders = false
        #expect(
            GoLiveStage.line(for: bigCommerce, catalog: .complete)
                == "Order export off — marketplace orders wait in the hub")
    }

    @Test func tilesShowOnlyTheSwitchesOfTheirChannel() {
        let bigCommerce = IntegrationSettings.switches(for: .bigcommerce).map(\.key)
        let walmart = IntegrationSettings.switches(for: .walmart).map(\.key)
        #expect(bigCommerce.contains("inventory_truth") && bigCommerce.contains("export_orders"))
        #expect(!bigCommerce.contains("export_quantities") && !bigCommerce.contains("export_prices"))
        #expect(walmart.contains("export_quantities") && walmart.contains("publish_listings"))
        #expect(!walmart.contains("inventory_truth") && !walmart.contains("export_orders"))
    }

    @Test func timesAndCountsReadAsAMerchantExpects() {
        #expect(Format.count(1_234_567) == "1,234,567" && Format.count(-12) == "-12" && Format.count(999) == "999")
        #expect(Format.remaining(nil) == "time left unknown")
        #expect(Format.remaining(45) == "under a minute left")
        #expect(Format.remaining(61) == "about 2 min left")
        #expect(Format.remaining(3600) == "about 1 h 0 min left")
        #expect(OrdersPage.time("2024-04-15T10:41:59Z") == "2024-04-15 10:41 UTC")
        #expect(OrdersPage.time("15/04/2024") == "15/04/2024")
    }

    @Test func bearerComparisonNeedsEveryByteAndTheLength() {
        #expect(Authorization.constantTimeEquals(Array("token".utf8), Array("token".utf8)))
        #expect(!Authorization.constantTimeEquals(Array("token".utf8), Array("tokem".utf8)))
        #expect(!Authorization.constantTimeEquals(Array("token".utf8), Array("token2".utf8)))
        #expect(!Authorization.constantTimeEquals([], Array("x".utf8)))
    }
}
