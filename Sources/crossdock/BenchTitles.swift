import Foundation

/// Product titles for the benchmark catalogue, made from real ones read at run time: giftware
/// from the demo seed (UCI Online Retail), recombined as "leading words of one title + last word of
/// another", and, when the shared data sits beside the repository, electronics from PriceRunner's
/// product clusters. Titles are unique within a catalogue, as BigCommerce requires.
struct BenchTitles {
    struct Title {
        var name: String
        var isElectronics: Bool
    }

    /// Share of products titled from PriceRunner when its file is present.
    static let electronicsShare = 0.3
    static let editions = ["Gift Set", "Twin Pack", "Set of 3", "Mini", "Large", "Deluxe", "Value Pack", "Bundle"]

    private let giftware: [String]
    private let leadingWords: [String]
    private let lastWords: [String]
    private let electronics: [String]
    private var used: Set<String> = []
    private var renamed = 0

    /// How many source titles were read, for the progress output.
    var sourceCounts: (giftware: Int, electronics: Int) { (giftware.count, electronics.count) }

    init(giftware: [String], electronics: [String]) {
        self.giftware = giftware
        self.electronics = electronics
        let split = giftware.map { $0.split(separator: " ") }.filter { $0.count >= 2 }
        leadingWords = split.map { $0.dropLast().joined(separator: " ") }
        // Only real words end a title: "Cases", not "72" or "S/4".
        let words = split.compactMap { $0.last.map(String.init) }.filter { $0.count >= 3 && $0.allSatisfy(\.isLetter) }
        lastWords = Array(Set(words)).sorted()
    }

    /// Reads the seed (required) and PriceRunner (optional) titles from the files `BenchPaths` finds.
    static func load() throws -> BenchTitles {
        guard let seedURL = BenchPaths.seedCatalog() else {
            throw BenchError(
                "The demo seed (seed-catalog.json) was not found in the checkout or beside the executable.")
        }
        let giftware = try seedTitles(at: seedURL)
        let electronics = BenchPaths.priceRunner().map(priceRunnerTitles(at:)) ?? []
        return BenchTitles(giftware: giftware, electronics: electronics)
    }

    mutating func next(_ random: inout BenchRandom) -> Title {
        let isElectronics = !electronics.isEmpty && random.chance(Self.electronicsShare)
        var name = ""
        for _ in 0..<4 {
            name = isElectronics ? random.element(of: electronics) : giftwareTitle(&random)
            if used.insert(name).inserted { return Title(name: name, isElectronics: isElectronics) }
        }
        let edition = "\(name) \(random.element(of: Self.editions))"
        if used.insert(edition).inserted { return Title(name: edition, isElectronics: isElectronics) }
        renamed += 1
        let numbered = "\(name) No. \(renamed)"
        used.insert(numbered)
        return Title(name: numbered, isElectronics: isElectronics)
    }

    private func giftwareTitle(_ random: inout BenchRandom) -> String {
        guard !leadingWords.isEmpty, !lastWords.isEmpty, random.chance(0.7) else { return random.element(of: giftware) }
        let leading = random.element(of: leadingWords)
        let last = random.element(of: lastWords)
        return leading.hasSuffix(last) ? leading : "\(leading) \(last)"
    }

    private struct SeedFile: Decodable {
        struct Product: Decodable { var name: String }
        var products: [Product]
    }

    static func seedTitles(at url: URL) throws -> [String] {
        do {
            let file = try JSONDecoder().decode(SeedFile.self, from: Data(contentsOf: url))
            let titles = Set(file.products.map { $0.name.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            guard !titles.isEmpty else { throw BenchError("The demo seed at \(url.path) has no product titles.") }
            return titles.sorted()
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("The demo seed at \(url.path) could not be read: \(error.localizedDescription)")
        }
    }

    /// PriceRunner's cluster labels (fifth column; the file has no header and no quoted commas).
    /// A file that cannot be read gives no titles: the benchmark runs on the seed alone.
    static func priceRunnerTitles(at url: URL) -> [String] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var titles = Set<String>()
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 7 else { continue }
            let title = fields[4].trimmingCharacters(in: .whitespaces)
            if !title.isEmpty { titles.insert(title) }
        }
        return titles.sorted()
    }
}

/// Where the benchmark finds its input files: in the package checkout this executable was built
/// from, or in the sandbox's resource bundle beside the executable.
enum BenchPaths {
    /// The checkout's root, three levels above this source file.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func seedCatalog() -> URL? {
        var candidates = [repository.appendingPathComponent("Sources/CrossdockSandbox/Resources/seed-catalog.json")]
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            let bundle = executable.deletingLastPathComponent().appendingPathComponent(
                "Crossdock_CrossdockSandbox.resources")
            candidates.append(bundle.appendingPathComponent("Resources/seed-catalog.json"))
            candidates.append(bundle.appendingPathComponent("seed-catalog.json"))
        }
        return candidates.first { FileManager.default.isReadableFile(atPath: $0.path) }
    }

    /// `../shared/data/pricerunner/pricerunner_aggregate.csv` beside the checkout, when present.
    static func priceRunner() -> URL? {
        let url = repository.deletingLastPathComponent()
            .appendingPathComponent("shared/data/pricerunner/pricerunner_aggregate.csv")
        return FileManager.default.isReadableFile(atPath: url.path) ? url : nil
    }
}

/// A benchmark that cannot go on, as a sentence.
struct BenchError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
