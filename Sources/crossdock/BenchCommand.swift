import CrossdockStore
import CrossdockSync
import Foundation

/// `crossdock bench catalog`: measures the hub's BigCommerce catalogue import against a channel
/// sandbox running as a child process at a plan's real rate limit (issue 3); `crossdock bench orders`
/// is the crash harness of order routing (issue 4, `BenchOrders`).
enum BenchCommand {
    static let catalogOptions: [String: Options.Kind] = [
        "products": .value(default: nil), "plan": .value(default: "standard"), "seed": .value(default: "1"),
        "database": .value(default: nil),
    ]

    static let help = """
        Usage: crossdock bench catalog --products N [--plan standard|pro] [--seed S] [--database URL]
               crossdock bench orders --orders N [--kills K] … (the crash harness; see 'crossdock bench orders --help')

        bench catalog measures the hub's BigCommerce catalogue import. Starts an empty channel sandbox as a child
        process on 127.0.0.1, loads it with N generated products (titles from the demo seed and, when present, from
        ../shared/data/pricerunner; about 2.5 variants per product), then connects a hub with a fresh store
        in a temporary directory and times the import at the plan's real rate limit. Prints progress, then
        one line of key=value figures:

          products, skus     products generated; catalogue entries the hub stored (parents and sellable SKUs)
          requests           BigCommerce requests the hub sent, throttled ones included
          requests_ratio     requests / R, where R = ⌈N/250⌉ (goal ≤ 1.02)
          wall_s, wall_ratio connect until the import is complete; wall_s / ((⌈R/Q⌉ − 1) × 30 s), with
                             Q = 150 (standard) or 450 (pro); n/a when R ≤ Q (goal ≤ 1.05)
          cpu_us_per_sku     the hub's user + system CPU time during the import, per stored entry
          peak_rss_mb        peak resident memory of this process during the import, MiB (goal ≤ 250)
          throttled          requests the sandbox answered with 429
          goals              met, or missed(<figures>)

          --products  number of products to generate (required)
          --plan      plan whose quota the sandbox enforces: standard (150 per 30 s, default) or pro (450)
          --seed      seed of the generated catalogue (default 1): the same seed gives the same catalogue
          --database  measure on PostgreSQL: the hub's store is a new account in this database (migrated at
                      start, dropped at the end) instead of SQLite in a temporary directory

        Exits 0 once the figures are printed, whether or not the goals are met.
        """

    /// Products per catalogue load: about 0.8 MB of JSON, well under the sandbox's 16 MiB body limit.
    static let chunkSize = 2_000
    static let progressInterval = Duration.seconds(5)
    /// An import whose progress stands still this long is reported as stuck.
    static let stallLimit = Duration.seconds(180)

    static func run(_ arguments: [String]) async throws {
        guard let benchmark = arguments.first, !benchmark.hasPrefix("-") else {
            if arguments.contains("--help") || arguments.contains("-h") { throw HelpRequested(text: help) }
            throw UsageError(message: "say which benchmark to run: catalog or orders; see --help.")
        }
        let rest = Array(arguments.dropFirst())
        switch benchmark {
        case "catalog":
            try await runCatalog(try Options(rest, spec: catalogOptions, help: help))
        case "orders":
            try await BenchOrders.run(try Options(rest, spec: BenchOrders.options, help: BenchOrders.help))
        default:
            throw UsageError(message: "unknown benchmark '\(benchmark)'; the ones there are: catalog, orders.")
        }
    }

    static func runCatalog(_ options: Options) async throws {
        guard let text = options.string("products") else {
            throw UsageError(message: "--products is required; see --help.")
        }
        guard let products = Int(text), products > 0 else {
            throw UsageError(message: "--products must be a whole number greater than 0.")
        }
        guard let seed = options.string("seed").flatMap({ UInt64($0) }) else {
            throw UsageError(message: "--seed must be a whole number from 0 to 18446744073709551615.")
        }
        let plan = try plan(options)
        // The hub logs each page at info; keep its output to errors unless CROSSDOCK_LOG says otherwise.
        setenv("CROSSDOCK_LOG", "error", 0)

        let titles = try BenchTitles.load()
        let sources = titles.sourceCounts
        say(
            "Generating \(counted(products, "product")) (seed \(seed)) from \(grouped(sources.giftware)) demo-seed "
                + "and \(grouped(sources.electronics)) PriceRunner titles.")
        let dataDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("crossdock-bench-\(UUID().uuidString.lowercased())").path
        let sandbox = try await BenchSandbox.start(plan: plan)
        let child = sandbox.process.processIdentifier
        let interruption = BenchInterruption {
            kill(child, SIGTERM)
            waitpid(child, nil, 0)
            try? FileManager.default.removeItem(atPath: dataDirectory)
            FileHandle.standardError.write(Data("crossdock bench: interrupted; the sandbox was stopped.\n".utf8))
        }
        say("Channel sandbox (\(plan.rawValue) plan, \(plan.quota) requests per 30 s) is at \(sandbox.baseURL).")

        let outcome: Result<BenchFigures, any Error>
        do {
            var catalog = BenchCatalog(titles: titles, seed: seed)
            try await load(&catalog, products: products, into: sandbox)
            outcome = .success(
                try await measureImport(
                    products: products, expectedEntries: catalog.entries, plan: plan, sandbox: sandbox,
                    dataDirectory: dataDirectory, databaseURL: options.string("database")))
        } catch {
            outcome = .failure(error)
        }

        // Whatever happened, nothing is left running or on disk.
        await sandbox.stop()
        interruption.cancel()
        try? FileManager.default.removeItem(atPath: dataDirectory)
        say(try outcome.get().line)
    }

    static func plan(_ options: Options) throws -> BenchPlan {
        guard let plan = options.string("plan").flatMap(BenchPlan.init(rawValue:)) else {
            throw UsageError(message: "--plan must be standard or pro.")
        }
        return plan
    }

    /// Generates the catalogue in chunks and adds each to the sandbox's BigCommerce store.
    private static func load(_ catalog: inout BenchCatalog, products: Int, into sandbox: BenchSandbox) async throws {
        let reportEvery = max(chunkSize, products / 10)
        var nextReport = reportEvery
        while catalog.products < products {
            let count = min(chunkSize, products - catalog.products)
            let chunk = (0..<count).map { _ in catalog.next() }
            try await sandbox.load(chunk)
            if catalog.products >= nextReport || catalog.products == products {
                say(
                    "Loaded \(grouped(catalog.products)) of \(grouped(products)) products "
                        + "(\(grouped(catalog.entries)) catalogue entries) into the sandbox.")
                nextReport += reportEvery
            }
        }
    }

    /// Connects a fresh hub to the sandbox and measures its import until complete.
    private static func measureImport(
        products: Int, expectedEntries: Int, plan: BenchPlan, sandbox: BenchSandbox, dataDirectory: String,
        databaseURL: String?
    ) async throws -> BenchFigures {
        let accounts = try await SandboxAccounts.read(from: sandbox.baseURL)
        let store = try await BenchStore.open(databaseURL: databaseURL, dataDirectory: dataDirectory)
        let engine = SyncEngine(store: store, configuration: SyncConfiguration())
        try await engine.start()

        // The peak so far belongs to generating the catalogue; from here on it is the import's.
        let resident = ProcessUsage.residentKilobytes().map { megabytes($0) } ?? "?"
        let generationPeak = ProcessUsage.peakResidentKilobytes().map { megabytes($0) } ?? "?"
        if ProcessUsage.resetPeakResident() {
            say("Before the import: \(resident) MiB resident, peak \(generationPeak) MiB while generating; peak reset.")
        } else {
            say("The peak memory figure includes catalogue generation: /proc/self/clear_refs was refused.")
        }
        let clock = ContinuousClock()
        let started = clock.now
        let cpuBefore = ProcessUsage.cpuMicroseconds()
        let progress: CatalogImportProgress
        do {
            try await engine.connectBigCommerce(
                baseURL: accounts.bigCommerce.baseURL, credentials: accounts.bigCommerce.credentials,
                webhookURL: nil)
            progress = try await waitForImport(store: store, clock: clock, started: started)
        } catch {
            await engine.stop()
            await BenchStore.remove(store, databaseURL: databaseURL)
            throw error
        }
        let wall = started.duration(to: clock.now)
        let cpu = ProcessUsage.cpuMicroseconds() - cpuBefore
        let peak = ProcessUsage.peakResidentKilobytes() ?? 0
        await engine.stop()

        let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
        let stored = try await store.products(search: "", offset: 0, limit: 1).total
        await BenchStore.remove(store, databaseURL: databaseURL)
        say(
            "Imported \(counted(progress.imported, "product")) in \(BenchFigures.format(seconds, digits: 1)) s; "
                + "catalogue entries stored: \(grouped(stored)) of \(grouped(expectedEntries)) generated; "
                + "problems: \(grouped(progress.problems)).")
        let traffic = try await sandbox.traffic()
        return BenchFigures(
            products: products, skus: stored, requests: traffic.total, throttled: traffic.throttled,
            wallSeconds: seconds, cpuMicroseconds: cpu, peakResidentKilobytes: peak, plan: plan)
    }

    /// Polls the import every 100 ms until it is complete, printing progress every few seconds.
    private static func waitForImport(
        store: Store, clock: ContinuousClock, started: ContinuousClock.Instant
    ) async throws -> CatalogImportProgress {
        var lastReport = started
        var lastChange = started
        var lastImported = -1
        while true {
            let progress = try await store.catalogImport()
            if progress.state == .complete { return progress }
            let now = clock.now
            if progress.imported != lastImported {
                lastImported = progress.imported
                lastChange = now
            } else if now - lastChange > stallLimit {
                throw BenchError(
                    "The import made no progress for \(stallLimit) at \(grouped(progress.imported)) of "
                        + "\(grouped(progress.total)) products; run with CROSSDOCK_LOG=info to see why.")
            }
            if now - lastReport >= progressInterval {
                lastReport = now
                let elapsed = started.duration(to: now).components.seconds
                say(
                    "Importing: \(grouped(progress.imported)) of \(grouped(progress.total)) products, "
                        + "next page \(progress.nextPage), \(elapsed) s.")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    private static func megabytes(_ kilobytes: Int) -> String {
        BenchFigures.format(Double(kilobytes) / 1024, digits: 1)
    }

    /// "1 product", "100,000 products".
    static func counted(_ number: Int, _ noun: String) -> String {
        "\(grouped(number)) \(noun)\(number == 1 ? "" : "s")"
    }

    /// 100000 as "100,000".
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return number < 0 ? "-" + result : result
    }
}

/// While a benchmark runs, Ctrl-C or SIGTERM runs its clean-up (stop its child processes, remove
/// its temporary data) and exits with status 130, so nothing is left running or on disk.
final class BenchInterruption {
    private let sources: [any DispatchSourceSignal]

    init(cleanUp: @escaping @Sendable () async -> Void) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                Task {
                    await cleanUp()
                    exit(130)
                }
            }
            source.resume()
            return source
        }
    }

    /// Restores the default handling of both signals.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
