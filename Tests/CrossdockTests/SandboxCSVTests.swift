import CrossdockHTTP
import Foundation
import Testing

@testable import CrossdockSandbox

/// Reading Shopify product CSVs: the RFC 4180 parser, exact amounts, the mapping to seed products,
/// and the Shopify demo stores' real exports from ../shared when the repository has it beside it.
@Suite("Sandbox: Shopify CSV")
struct SandboxCSVTests {
    // MARK: RFC 4180

    @Test func readsQuotedCommasLineBreaksAndDoubledQuotes() throws {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nplain,,end\n\n"
        let records = try CSVParser.parse(text)
        #expect(
            records.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["plain", "", "end"]])
        #expect(records.map(\.line) == [1, 2, 4])
    }

    @Test func keepsSpacesApostrophesAndALastRecordWithoutLineBreak() throws {
        let records = try CSVParser.parse("\u{FEFF}sku,name\n'30235, padded \n")
        #expect(records.map(\.fields) == [["sku", "name"], ["'30235", " padded "]])
        #expect(try CSVParser.parse("a,b").map(\.fields) == [["a", "b"]])
        #expect(try CSVParser.parse("\"\"").map(\.fields) == [[""]])
    }

    @Test func namesTheLineOfEverySyntaxError() {
        #expect(throws: CSVSyntaxError.self) { try CSVParser.parse("a\nb,\"open\nstill open") }
        let unclosed = parseError("a\nb,\"open\nstill open")
        #expect(unclosed?.line == 2)
        #expect(unclosed?.message.contains("never closed") == true)
        let stray = parseError("a,b\nx,y\"z\n")
        #expect(stray?.line == 2)
        #expect(stray?.message.contains("put the whole field in quotes") == true)
        #expect(parseError("\"a\"b,c")?.message.contains("after its closing quote") == true)
    }

    private func parseError(_ text: String) -> CSVSyntaxError? {
        do {
            _ = try CSVParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Amounts

    @Test func readsDecimalAmountsExactlyInMinorUnits() {
        let cases: [(String, String, Int)] = [
            ("54.95", "GBP", 5495), ("54.9", "GBP", 5490), ("54", "GBP", 5400), (".5", "GBP", 50),
            ("0.10", "GBP", 10), ("19.990", "GBP", 1999), ("1050", "JPY", 1050), ("1.234", "KWD", 1234),
            ("0.29", "GBP", 29), ("1234567.89", "GBP", 123_456_789),
        ]
        for (text, currency, minor) in cases {
            #expect(Money.minorUnits(text, currency: currency) == .success(minor), "\(text) \(currency)")
        }
    }

    @Test func refusesAmountsThatWouldNeedRoundingOrGuessing() {
        #expect(Money.minorUnits("19.999", currency: "GBP") == .failure(.tooManyDecimals(allowed: 2)))
        #expect(Money.minorUnits("10.5", currency: "JPY") == .failure(.tooManyDecimals(allowed: 0)))
        for text in ["", ".", "-1.00", "1,000.00", "1e3", "12.3.4", " 5", "£5", "NaN"] {
            #expect(Money.minorUnits(text, currency: "GBP") == .failure(.notAnAmount), "\(text)")
        }
        #expect(Money.minorUnits("12345678901234567", currency: "GBP") == .failure(.tooLarge))
    }

    // MARK: Shopify columns

    static let header =
        "Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Option2 Name,Option2 Value,"
        + "Variant SKU,Variant Grams,Variant Inventory Tracker,Variant Inventory Qty,Variant Price,"
        + "Variant Compare At Price,Variant Barcode,Image Src,Image Alt Text,Google Shopping / Gender"

    /// A jacket in two sizes with a quoted, comma-laden description, an image-only continuation row,
    /// a variant without SKU, and a simple product whose SKU kept Excel's apostrophe.
    static let inlineCSV = [
        header,
        "jacket,\"Ridge Jacket, waxed\",\"<p>Warm, \"\"light\"\"</p>\",Northwind,Jackets,winter,true,Size,M,,,RJ-M,850,"
            + "shopify,4,120.00,150.00,0012345678905,https://images.example/a.jpg,Front,unisex",
        "jacket,,,,,,,,L,,,,900,shopify,-2,125.50,,,,,",
        "jacket,,,,,,,,,,,,,,,,,,https://images.example/b.jpg,Back,",
        "mug,Enamel Mug,,Northwind,Kitchen,,false,Title,Default Title,,,'30235,340,,12,9.99,,,,,",
    ].joined(separator: "\n")

    @Test func groupsRowsByHandleIntoProductsWithVariantsAndImages() throws {
        let catalog = try ShopifyCSV.read(Self.inlineCSV, currency: "GBP")
        let jacket = try #require(catalog.products.first)
        #expect(catalog.products.count == 2)
        #expect(jacket.name == "Ridge Jacket, waxed")
        #expect(jacket.description == "<p>Warm, \"light\"</p>")
        #expect((jacket.brand, jacket.categories, jacket.searchKeywords) == ("Northwind", ["Jackets"], "winter"))
        #expect(jacket.options == ["Size"])
        #expect(jacket.inventoryTracking == "variant")
        let variants = jacket.variants ?? []
        #expect(variants.map(\.sku) == ["RJ-M", ""])
        #expect(variants.map { $0.optionValues?.map(\.value) ?? [] } == [["M"], ["L"]])
        #expect(variants.map(\.inventoryLevel) == [4, 0])
        #expect(variants.map(\.upc) == ["0012345678905", nil])
        #expect(variants.map(\.weight) == [Decimal(string: "0.85"), Decimal(string: "0.9")])
        // The compare-at price is the regular price; the Shopify price is the sale price.
        #expect((variants[0].price, variants[0].salePrice) == (15_000, 12_000))
        #expect((variants[1].price, variants[1].salePrice) == (12_550, nil))
        #expect((jacket.price, jacket.salePrice) == (15_000, 12_000))
        #expect(jacket.images?.map(\.url) == ["https://images.example/a.jpg", "https://images.example/b.jpg"])
        #expect(jacket.images?.map(\.description) == ["Front", "Back"])
        #expect(jacket.customFields?.map(\.name) == ["Gender"])
        #expect(catalog.warnings == ["Line 3: Variant Inventory Qty -2 is below 0; BigCommerce holds 0 instead."])
    }

    @Test func makesShopifysDefaultTitleProductSimpleAndKeepsItsSKUVerbatim() throws {
        let mug = try #require(try ShopifyCSV.read(Self.inlineCSV, currency: "GBP").products.last)
        #expect(mug.sku == "'30235")
        #expect(mug.variants == nil && mug.options == nil)
        #expect((mug.price, mug.inventoryLevel, mug.weight) == (999, 12, Decimal(string: "0.34")))
        #expect(mug.inventoryTracking == "none")
        #expect(mug.isVisible == false)
    }

    @Test func saysWhichLineToFixAndHow() {
        let row = "jacket,Ridge,,,,,,Size,M,,,RJ-M,850,shopify,4,120.00,,,,,"
        let cases: [(String, Int, String)] = [
            (row.replacingOccurrences(of: "120.00", with: "12.345"), 2, "Variant Price '12.345' has more decimals"),
            (row + "\njacket,,,,,,,,,,,RJ-L,850,shopify,4,120.00,,,,,", 3, "Option1 Value is empty"),
            (row + "\njacket,,,,,,,,M,,,RJ-L,850,shopify,4,120.00,,,,,", 3, "same option values (Size M)"),
            (row + "\njacket,Again,,,,,,Size,L,,,RJ-L,850,shopify,4,120.00,,,,,", 3, "already names the product"),
            (row.replacingOccurrences(of: "120.00", with: ""), 2, "Variant Price is empty"),
            (row.replacingOccurrences(of: ",850,", with: ",heavy,"), 2, "Variant Grams 'heavy'"),
            (row + ",extra", 2, "the row has 22 fields but the header names 21"),
            ("\n" + row.replacingOccurrences(of: "120.00", with: "abc"), 3, "Variant Price 'abc' is not an amount"),
        ]
        for (rows, line, fragment) in cases {
            let failure = shopifyError(Self.header + "\n" + rows)
            #expect(failure?.line == line, "\(fragment)")
            #expect(failure?.message.contains(fragment) == true, "\(failure?.message ?? "no error") lacks \(fragment)")
        }
        #expect(shopifyError("Title,Vendor\nA,B")?.message.contains("no 'Handle' column") == true)
    }

    private func shopifyError(_ text: String) -> ShopifyCSVError? {
        do {
            _ = try ShopifyCSV.read(text, currency: "GBP")
            return nil
        } catch {
            return error
        }
    }

    // MARK: The Shopify demo stores' exports (../shared, internal fixtures: never copied into the repository)

    static let sampleDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared")

    static var sharedIsPresent: Bool { FileManager.default.fileExists(atPath: sampleDirectory.path) }

    @Test(.enabled(if: sharedIsPresent, "../shared is not beside the repository, so its Shopify CSVs are absent"))
    func loadsApparelWithItsVariantsOptionsAndApostropheSKUs() async throws {
        try await SandboxHarness.with(seedCatalog: false) { harness in
            let loaded = try await harness.loadSampleCSV("apparel.csv")
            #expect((loaded["product_count"] as? Int, loaded["variant_count"] as? Int) == (25, 96))
            let variants = try await harness.allVariants()
            #expect(variants.count == 96)
            #expect(variants.filter { $0["sku"] as? String == "" }.count == 1)
            #expect(variants.filter { ($0["sku"] as? String)?.hasPrefix("'") == true }.count == 15)

            let shirt = try #require(variants.first { $0["sku"] as? String == "33WSLWHV1" })
            let values = shirt["option_values"] as? [[String: Any]] ?? []
            #expect(values.map { $0["option_display_name"] as? String } == ["Color", "Size"])
            #expect(values.map { $0["label"] as? String } == ["White", "XS"])

            // Compare-at 165.00 over price 148.00: BigCommerce's price and sale price.
            let backpack = try #require(variants.first { $0["sku"] as? String == "'4160" })
            #expect((backpack["price"] as? Double, backpack["sale_price"] as? Double) == (165, 148))
            #expect((backpack["option_values"] as? [[String: Any]])?.first?["label"] as? String == "Nutmeg")
        }
    }

    @Test(.enabled(if: sharedIsPresent, "../shared is not beside the repository, so its Shopify CSVs are absent"))
    func loadsSnowdevilKeepingItsEmptySKUs() async throws {
        try await SandboxHarness.with(seedCatalog: false) { harness in
            let loaded = try await harness.loadSampleCSV("snowdevil.csv")
            // Two of its 278 products give a variant the SKU undefined-1: BigCommerce refuses the second.
            #expect((loaded["product_count"] as? Int, loaded["variant_count"] as? Int) == (277, 620))
            let warnings = loaded["warnings"] as? [String] ?? []
            #expect(warnings.count == 2)
            #expect(warnings.last?.contains("The SKU 'undefined-1' is already used") == true, "\(warnings)")
            let variants = try await harness.allVariants()
            #expect(variants.count == 620)
            #expect(variants.filter { $0["sku"] as? String == "" }.count == 619)

            let query = PercentEncoding.query([("name", "Approach Under Glove"), ("include", "variants")])
            let found = try SandboxHarness.object(try await harness.bigCommerce("GET", "/v3/catalog/products?\(query)"))
            let glove = try #require((found["data"] as? [[String: Any]])?.first)
            #expect(glove["upc"] as? String == "")
            let variant = try #require((glove["variants"] as? [[String: Any]])?.first)
            #expect(variant["upc"] as? String == "'9009518582030")
            #expect(variant["weight"] as? Double == 0.454)
            let values = variant["option_values"] as? [[String: Any]] ?? []
            #expect(values.map { $0["option_display_name"] as? String } == ["Size", "Color"])
            #expect(values.map { $0["label"] as? String } == ["Medium", "True Black"])
        }
    }
}

extension SandboxHarness {
    /// Posts one of ../shared's Shopify CSVs to the control API as the only catalogue.
    func loadSampleCSV(_ name: String) async throws -> [String: Any] {
        let url = SandboxCSVTests.sampleDirectory.appendingPathComponent("data/shopify-sample-csvs/\(name)")
        let text = try #require(try? Data(contentsOf: url), "\(url.path) is missing from ../shared")
        let response = try await postCSV(text, query: "replace=true&list_on_amazon=false")
        #expect(response.status == 201, "\(SandboxHarness.text(response))")
        return try SandboxHarness.object(response)
    }

    func postCSV(_ body: Data, query: String = "", contentType: String = "text/csv") async throws
        -> HTTPClientResponse
    {
        try await http.send(
            "POST", sandbox.baseURL + "/_control/bigcommerce/catalog/csv?\(query)",
            headers: [("Content-Type", contentType)], body: body)
    }

    /// Every variant of the catalogue, page by page.
    func allVariants() async throws -> [[String: Any]] {
        var variants: [[String: Any]] = []
        for page in 1... {
            let response = try await bigCommerce("GET", "/v3/catalog/variants?limit=250&page=\(page)")
            let data = try SandboxHarness.object(response)["data"] as? [[String: Any]] ?? []
            variants += data
            if data.count < 250 { break }
        }
        return variants
    }
}
