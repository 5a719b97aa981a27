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
