import CrossdockConnectors
import CrossdockDomain
import Foundation
import Testing

@Suite("Domain rules")
struct DomainTests {
    @Test func skuOfOneHundredCharactersImportsAndOneMoreDoesNot() {
        #expect(SKU(String(repeating: "x", count: 100)).importProblem == nil)
        let problem = SKU(String(repeating: "x", count: 101)).importProblem
        #expect(problem?.code == .skuTooLong)
        #expect(problem?.message == "SKU is 101 characters; the limit is 100. Shorten it in BigCommerce.")
        // Counted as Unicode scalars, not bytes.
        #expect(SKU(String(repeating: "é", count: 100)).importProblem == nil)
    }

    @Test func skuIsKeptVerbatimAndWarnsAboutWhitespaceAndApostrophes() {
        let spaced = SKU("AB 12  GOLD ")
        #expect(spaced.value == "AB 12  GOLD ")
        #expect(spaced.warnings.map(\.code) == [.skuWhitespace])
        #expect(SKU("'30235").warnings.first?.message.contains("spreadsheet") == true)
        #expect(SKU("SKU123").matchKey == SKU("sku123").matchKey)
        #expect(SKU("").importProblem?.code == .skuEmpty)
    }

    @Test func moneyKeepsMinorUnitsExactly() throws {
        // M1: yen have no minor unit.
        #expect(try Money.parse("1050", currency: "JPY").minorUnits == 1050)
        #expect(Money(minorUnits: 1050, currency: "JPY").decimalString == "1050")
        #expect(try Money.parse("10.5", currency: "GBP").minorUnits == 1050)
        #expect(Money(minorUnits: 295, currency: "GBP").decimalString == "2.95")
        #expect(Money(minorUnits: -5, currency: "USD").decimalString == "-0.05")
        // M2: a decimal comma is rejected, never read as 1599.
        #expect(throws: MoneyError.self) { try Money.parse("15,99", currency: "EUR") }
        #expect(throws: MoneyError.self) { try Money.parse("1.005", currency: "GBP") }
    }

    @Test func orderStateOnlyMovesForward() {
        #expect(OrderState.routed.canMove(to: .shipped))
        #expect(!OrderState.shipped.canMove(to: .routed))
        #expect(!OrderState.cancelled.canMove(to: .routed))
        #expect(OrderState.waiting.canMove(to: .blocked) && OrderState.blocked.canMove(to: .ready))
        #expect(MarketplaceOrderStatus.amazon("Pending") == .pending)
        #expect(MarketplaceOrderStatus.amazon("PartiallyShipped") == .routable)
    }

    @Test func availableQuantityIsTruthLessReservedNeverNegative() {
        #expect(InventoryRule.available(truth: 10, reserved: 3) == 7)
        #expect(InventoryRule.available(truth: -1, reserved: 0) == 0)
        #expect(InventoryRule.available(truth: 2, reserved: 5) == 0)
        #expect(InventoryRule.available(truth: nil, reserved: 0) == nil)
    }

    @Test func channelDatesAreFormattedExactly() {
        // D1: RFC 2822 for BigCommerce v2 filters, ISO 8601 with Z for SP-API.
        let date = Date(timeIntervalSince1970: 1_713_177_719)
        #expect(DateFormats.rfc2822(date) == "Mon, 15 Apr 2024 10:41:59 +0000")
        #expect(DateFormats.iso8601(date) == "2024-04-15T10:41:59Z")
    }

    @Test func carriersMapToAmazonCodesOrToNothing() {
        #expect(CarrierMapping.amazonCarrierCode(bigCommerceProvider: "royalmail") == "Royal Mail")
        #expect(CarrierMapping.amazonCarrierCode(bigCommerceProvider: "", trackingCarrier: "ups") == "UPS")
        #expect(CarrierMapping.amazonCarrierCode(bigCommerceProvider: "pigeon") == nil)
    }
}
