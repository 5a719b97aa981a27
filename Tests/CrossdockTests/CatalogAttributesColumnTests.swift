import CrossdockDomain
import Foundation
import Testing

@testable import CrossdockStore

/// The `attributes` column is written by hand for speed; it must read back as exactly what was stored.
@Suite("Catalogue attributes column")
struct CatalogAttributesColumnTests {
    @Test func readsBackEveryAttributeAsWritten() throws {
        let everything = CatalogAttributes(
            brandID: 36, categoryIDs: [18, 19], upc: "0012345678905", gtin: "05012345678900", mpn: "RJ-\"1\"\\2",
            weight: 0.85, width: 30, height: 1.5e-3, depth: 12.25,
            cost: Money(minorUnits: 1_999, currency: "GBP"), salePrice: Money(minorUnits: 120, currency: "JPY"),
            imageURL: "https://cdn.example.com/a/b.jpg?x=1&y=2",
            images: [
                ProductImage(
                    url: "https://cdn.example.com/1.jpg", description: "Tab\there, new\nline", isThumbnail: true),
                ProductImage(url: "https://cdn.example.com/2.jpg"),
            ],
            customFields: [CustomField(name: "Material", value: "Ceramic \u{1} « »"), CustomField(name: "", value: "")])
        for attributes in [everything, CatalogAttributes(), CatalogAttributes(mpn: "M-1", images: [])] {
            let text = JSONColumn.encode(attributes)
            #expect(JSONColumn.decode(CatalogAttributes.self, from: text) == attributes, "\(text)")
        }
        let values = [OptionValue(option: "Size \"UK\"", value: "10\\12"), OptionValue(option: "Color", value: "Red")]
        #expect(JSONColumn.decode([OptionValue].self, from: JSONColumn.encode(values)) == values)
        #expect(JSONColumn.encode([OptionValue]()) == "[]")
        // Unset values are left out rather than written as null, as the Codable form has it.
        #expect(JSONColumn.encode(CatalogAttributes()) == #"{"category_ids":[]}"#)
    }
}
