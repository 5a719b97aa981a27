import Foundation

/// The store's products in id order, each kept with its wire JSON.
///
/// A product can only be changed through the subscript's setter (or replaced wholesale), and the
/// setter drops that product's rendered JSON; so any change, however deep (a variant's stock, an
/// image, a custom field), is served fresh on the next read, and no code path can forget to
/// invalidate. Reads render on demand and keep the result.
struct ProductShelf: RandomAccessCollection, Sendable {
    private struct Entry: Sendable {
        var product: CatalogProduct
        var wire: ProductWire?
    }

    private var entries: [Entry] = []

    var startIndex: Int { 0 }
    var endIndex: Int { entries.count }

    subscript(position: Int) -> CatalogProduct {
        get { entries[position].product }
        set { entries[position] = Entry(product: newValue, wire: nil) }
    }

    mutating func append(contentsOf products: [CatalogProduct]) {
        entries += products.map { Entry(product: $0, wire: nil) }
    }

    mutating func removeAll() {
        entries = []
    }

    /// The product's wire JSON, rendered now when it changed since it was last rendered.
    mutating func wire(at position: Int) -> ProductWire {
        if let wire = entries[position].wire { return wire }
        let wire = ProductWire(entries[position].product)
        entries[position].wire = wire
        return wire
    }
}

/// What a catalogue read asks of each product: `include`, `include_fields` and `exclude_fields`.
struct ProductShape: Sendable {
    var include: Set<String> = []
    var includeFields: Set<String>?
    var excludeFields: Set<String> = []

    /// Whether every sub-resource asked for is one `ProductWire` keeps.
    var isRenderedFromCache: Bool { include.isSubset(of: ProductWire.subresourceNames) }
}

/// One product's JSON as `BigCommerceWire.product` writes it, in pieces: its own fields as members
/// that `include_fields`/`exclude_fields` can pick by key, and each sub-resource `include` can add.
struct ProductWire: Sendable {
    static let subresourceNames: Set<String> = [
        "variants", "images", "custom_fields", "options", "bulk_pricing_rules", "modifiers", "videos",
    ]

    /// `"key":value` members in key order, separated by commas.
    private let members: [UInt8]
    /// The end of each member in `members`.
    private let memberEnds: [Int32]
    /// Sub-resources by name, as JSON arrays, in the order they are written after the members.
    private let subresources: [(name: String, json: [UInt8])]

    init(_ product: CatalogProduct) {
        var members: [UInt8] = []
        var ends: [Int32] = []
        let fields = BigCommerceWire.product(product, include: [])
        members.reserveCapacity(2048)
        for key in fields.keys.sorted() {
            if !members.isEmpty { members.append(UInt8(ascii: ",")) }
            WireBytes.writeString(key, into: &members)
            members.append(UInt8(ascii: ":"))
            WireBytes.write(fields[key] as Any, into: &members)
            ends.append(Int32(members.count))
        }
        self.members = members
        memberEnds = ends

        let full = BigCommerceWire.product(product, include: Self.subresourceNames)
        subresources = Self.subresourceNames.sorted().map { name in (name, WireBytes.json(full[name] as Any)) }
    }

    /// Appends the product as a JSON object, shaped as the request asks.
    func write(_ shape: ProductShape, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
        if shape.includeFields == nil, shape.excludeFields.isEmpty {
            bytes += members
        } else {
            var wroteAny = false
            var start = 0
            for end in memberEnds.map(Int.init) {
                // A member after the first starts with the comma that separates it.
                let member = members[(start == 0 ? 0 : start + 1)..<end]
                start = end
                guard Self.keeps(key(of: member), shape) else { continue }
                if wroteAny { bytes.append(UInt8(ascii: ",")) }
                bytes += member
                wroteAny = true
            }
        }
        for (name, json) in subresources where shape.include.contains(name) {
            bytes.append(UInt8(ascii: ","))
            WireBytes.writeString(name, into: &bytes)
            bytes.append(UInt8(ascii: ":"))
            bytes += json
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// `BigCommerceWire.trim`'s rule: `id` stays; otherwise only the fields asked for, or all but the excluded.
    private static func keeps(_ key: String, _ shape: ProductShape) -> Bool {
        if key == "id" { return true }
        if let includeFields = shape.includeFields { return includeFields.contains(key) }
        return !shape.excludeFields.contains(key)
    }

    /// The key of a `"key":value` member; wire keys are plain lower-case words, never escaped.
    private func key(of member: ArraySlice<UInt8>) -> String {
        let keyStart = member.startIndex + 1
        let keyEnd = member[keyStart...].firstIndex(of: UInt8(ascii: "\"")) ?? keyStart
        return String(decoding: member[keyStart..<keyEnd], as: UTF8.self)
    }
}
