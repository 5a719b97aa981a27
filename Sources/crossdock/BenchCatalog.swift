import Foundation

/// A product in the sandbox's catalogue format (`POST /_control/bigcommerce/catalog`); prices in
/// pence. A simple product has no variants; the sandbox gives it BigCommerce's one base variant.
struct BenchProduct: Encodable {
    var sku: String
    var name: String
    var price: Int
    var inventoryLevel: Int
    var options: [String]
    var variants: [BenchVariant]
    var images: [BenchImage] = []
    var customFields: [BenchCustomField] = []
}

struct BenchImage: Encodable {
    var url: String
    var description: String
}

struct BenchCustomField: Encodable {
    var name: String
    var value: String
}

struct BenchVariant: Encodable {
    var sku: String
    var price: Int
    var inventoryLevel: Int
    var optionValues: [BenchOptionValue]
}

struct BenchOptionValue: Encodable {
    var option: String
    var value: String
}

/// Generates the benchmark catalogue one product at a time, so a large catalogue never sits in
/// memory; the same seed gives the same catalogue on every machine.
///
/// Five products in eight are simple; the others have 2–8 variants by Color, Size or both. As
/// BigCommerce counts them (a simple product has one base variant) that is 0.625 + 0.375 × 5 = 2.5
/// variants per product, and 0.625 + 0.375 × 6 = 2.875 catalogue entries (simple products, parents
/// and variants) for the hub to store. Nine products in ten have 1–4 images and four in ten one or
/// two custom fields, which the import reads with the products.
struct BenchCatalog {
    /// Colours with their SKU codes; electronics take theirs from the first eight.
    static let colors = [
        ("Black", "BLK"), ("White", "WHT"), ("Silver", "SLV"), ("Grey", "GRY"), ("Red", "RED"), ("Blue", "BLU"),
        ("Navy", "NVY"), ("Green", "GRN"), ("Pink", "PNK"), ("Yellow", "YLW"), ("Purple", "PUR"), ("Natural", "NAT"),
    ]
    static let sizes = ["XS", "S", "M", "L", "XL", "XXL"]

    private var random: BenchRandom
    /// Images and custom fields draw from their own sequence, so adding them left the rest of the
    /// catalogue of a seed as it was.
    private var mediaRandom: BenchRandom
    private var titles: BenchTitles
    /// Products generated so far.
    private(set) var products = 0
    /// Catalogue entries the hub should store for them: simple products, parents and variants.
    private(set) var entries = 0

    init(titles: BenchTitles, seed: UInt64) {
        self.titles = titles
        random = BenchRandom(seed: seed)
        mediaRandom = BenchRandom(seed: seed ^ 0x6D65_6469_6100_0000)
    }

    mutating func next() -> BenchProduct {
        var product = nextWithoutMedia()
        product.images = Self.images(of: product, &mediaRandom)
        product.customFields = Self.customFields(electronics: product.sku.hasPrefix("EL"), &mediaRandom)
        return product
    }

    private static let views = ["front", "back", "side", "detail", "in use", "packaging"]

    /// None for one product in ten, otherwise 1–4 photos (2.25 on average) at a CDN-style address on
    /// a reserved domain; the first is the thumbnail.
    private static func images(of product: BenchProduct, _ random: inout BenchRandom) -> [BenchImage] {
        guard !random.chance(0.1) else { return [] }
        let count = random.element(of: [1, 1, 2, 2, 2, 3, 3, 4])
        let words = product.name.lowercased().split { !$0.isLetter && !$0.isNumber }.prefix(6)
        let slug = words.isEmpty ? "product" : words.joined(separator: "-")
        return random.sample(views, count: count).enumerated().map { index, view in
            BenchImage(
                url: "https://cdn.example.com/s-crossdock/products/\(product.sku.lowercased())/\(index + 1)/"
                    + "\(slug)__\(view.replacingOccurrences(of: " ", with: "-")).jpg",
                description: "\(product.name), \(view)")
        }
    }

    private static let materials = ["Ceramic", "Glass", "Wood", "Metal", "Cotton", "Paper", "Enamel", "Resin"]
    private static let origins = ["United Kingdom", "China", "India", "Portugal", "Germany", "Vietnam"]

    /// Four products in ten have one or two custom fields, as merchants add for material, warranty
    /// or origin.
    private static func customFields(electronics: Bool, _ random: inout BenchRandom) -> [BenchCustomField] {
        guard random.chance(0.4) else { return [] }
        var fields = [
            electronics
                ? BenchCustomField(name: "Warranty", value: random.element(of: ["1 year", "2 years", "3 years"]))
                : BenchCustomField(name: "Material", value: random.element(of: materials))
        ]
        if random.chance(0.5) {
            fields.append(BenchCustomField(name: "Country of origin", value: random.element(of: origins)))
        }
        return fields
    }

    private mutating func nextWithoutMedia() -> BenchProduct {
        products += 1
        let title = titles.next(&random)
        let sku = String(format: "%@-%07d", title.isElectronics ? "EL" : "GW", products)
        let price = Self.price(electronics: title.isElectronics, &random)
        guard random.chance(0.375) else {
            entries += 1
            return BenchProduct(
                sku: sku, name: title.name, price: price, inventoryLevel: Self.stock(&random), options: [],
                variants: [])
        }

        let (options, combinations) = Self.optionCombinations(
            count: random.int(in: 2...8), electronics: title.isElectronics, &random)
        let sizeSurcharge = random.chance(0.4) ? 50 : 0
        let variants = combinations.map { values in
            var variantSKU = sku
            var variantPrice = price
            for value in values {
                if value.option == "Size" {
                    variantSKU += "-" + value.value
                    variantPrice += sizeSurcharge * max(0, (Self.sizes.firstIndex(of: value.value) ?? 0) - 2)
                } else {
                    variantSKU += "-" + (Self.colors.first { $0.0 == value.value }?.1 ?? value.value.uppercased())
                }
            }
            return BenchVariant(
                sku: variantSKU, price: variantPrice, inventoryLevel: Self.stock(&random), optionValues: values)
        }
        entries += 1 + variants.count
        return BenchProduct(
            sku: sku, name: title.name, price: price, inventoryLevel: variants.reduce(0) { $0 + $1.inventoryLevel },
            options: options, variants: variants)
    }

    /// `count` distinct option-value combinations: one option, or Color × Size when the count allows.
    private static func optionCombinations(count: Int, electronics: Bool, _ random: inout BenchRandom) -> (
        options: [String], combinations: [[BenchOptionValue]]
    ) {
        let palette = colors.prefix(electronics ? 8 : colors.count).map(\.0)
        let colorNames = random.sample(palette, count: min(count, palette.count))
        if !electronics, count % 2 == 0, count >= 4, random.chance(0.5) {
            let colorCount = count == 4 ? 2 : (random.chance(0.5) ? 2 : count / 2)
            let sizeNames = random.sample(sizes, count: count / colorCount)
            let combinations = colorNames.prefix(colorCount).flatMap { color in
                sizeNames.map { [BenchOptionValue(option: "Color", value: color), .init(option: "Size", value: $0)] }
            }
            return (["Color", "Size"], combinations)
        }
        if !electronics, count <= sizes.count, random.chance(0.4) {
            let sizeNames = sizes.prefix(count)
            return (["Size"], sizeNames.map { [BenchOptionValue(option: "Size", value: $0)] })
        }
        return (["Color"], colorNames.map { [BenchOptionValue(option: "Color", value: $0)] })
    }

    /// Pence, spread evenly on a log scale and ending in 99, 49, 95 or 00 as shop prices do.
    private static func price(electronics: Bool, _ random: inout BenchRandom) -> Int {
        let (low, high) = electronics ? (29.0, 1499.0) : (1.0, 49.0)
        let pounds = Int(exp(log(low) + random.unit() * (log(high) - log(low))))
        let ending = random.element(of: [99, 49, 95, 0])
        return ending == 0 ? max(1, pounds) * 100 : max(0, pounds - 1) * 100 + ending
    }

    /// Stock on hand: some sold out, most low, some deep.
    private static func stock(_ random: inout BenchRandom) -> Int {
        if random.chance(0.08) { return 0 }
        return random.chance(0.55) ? random.int(in: 1...20) : random.int(in: 21...1000)
    }
}

/// SplitMix64: a small, fast generator whose output depends only on its seed, so that the same
/// `--seed` gives the same catalogue, kill moments and victims on every run.
struct BenchRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A number in `range`; the modulo bias is far too small to matter for a test catalogue.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// A number in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) / Double(UInt64(1) << 53)
    }

    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    mutating func element<T>(of items: [T]) -> T {
        items[int(in: 0...(items.count - 1))]
    }

    /// `count` distinct items in random order (a partial Fisher–Yates shuffle).
    mutating func sample<T>(_ items: [T], count: Int) -> [T] {
        var pool = items
        let wanted = min(count, pool.count)
        for index in 0..<wanted {
            pool.swapAt(index, int(in: index...(pool.count - 1)))
        }
        return Array(pool.prefix(wanted))
    }
}
