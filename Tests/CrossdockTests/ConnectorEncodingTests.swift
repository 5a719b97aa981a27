import CrossdockConnectors
import CrossdockHTTP
import Foundation
import Testing

@Suite("Percent-encoding of SKUs")
struct ConnectorEncodingTests {
    @Test func skusAreEncodedExactlyOnceAndRoundTrip() {
        // S1–S3: spaces, slashes and reserved characters survive a path segment unchanged.
        let cases = ["AB 12  GOLD", "DE-3602/4", "HX-1(3,6x19cm)", "Bolt#32+A", "a&b:c"]
        for sku in cases {
            let encoded = PercentEncoding.encode(sku)
            #expect(!encoded.contains("/") && !encoded.contains("%25"))
            #expect(PercentEncoding.decode(encoded) == sku)
        }
        #expect(PercentEncoding.encode("DE-3602/4") == "DE-3602%2F4")
        #expect(PercentEncoding.encode("AB 12  GOLD") == "AB%2012%20%20GOLD")
        // A plus in a query value must be sent encoded, or it arrives as a space.
        #expect(
            PercentEncoding.parseQuery("t=2024-01-01T00%3A00%3A00%2B00%3A00").first?.value
                == "2024-01-01T00:00:00+00:00")
        #expect(PercentEncoding.parseQuery("t=a+b").first?.value == "a b")
    }
}

@Suite("BigCommerce order request")
struct BigCommerceOrderRequestTests {
    private func encoded(unitPrice: String, currency: String) throws -> String {
        let address = BigCommerceOrderRequest.Address(
            firstName: "Ada", lastName: "Lovelace", street1: "1 Test Street", street2: nil, city: "London", state: nil,
            zip: "N1", countryISO2: "GB", email: "", phone: nil)
        let request = BigCommerceOrderRequest(
            statusID: 11, externalSource: "Amazon", externalOrderID: "203-1", billingAddress: address,
            shippingAddresses: [address],
            products: [.init(productID: 1, variantID: 2, quantity: 1, unitPrice: unitPrice)], total: unitPrice)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(request), as: UTF8.self)
    }

    @Test func pricesAreJSONNumbersWithTheMarketplacesDigits() throws {
        let pounds = try encoded(unitPrice: "0.85", currency: "GBP")
        #expect(pounds.contains("\"price_inc_tax\":0.85"))
        #expect(pounds.contains("\"total_inc_tax\":\"0.85\""))
        // M1: ¥1,050 stays 1050, with no decimals added.
        let yen = try encoded(unitPrice: "1050", currency: "JPY")
        #expect(yen.contains("\"price_ex_tax\":1050"))
        #expect(!yen.contains("currency_code"))
    }
}
