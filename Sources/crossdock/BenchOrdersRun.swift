import CrossdockSandbox
import Foundation
import Synchronization

/// One run of `crossdock bench orders`: sandboxes, hub processes, placements, kills, and the wait
/// until the channels' truth settles.
final class BenchOrdersRun: Sendable {
    static let progressInterval: Double = 5
    static let auditInterval: Double = 0.5
    /// A settled run is audited once more after this long, so a late duplicate is not missed.
    static let confirmationSeconds: Double = 2
    /// Exits per hub process, not caused by the harness, after which the run stops: the hub cannot run.
    static let unexpectedExitLimit = 10

    let settings: BenchOrdersSettings
    let plan: BenchOrdersPlan
    let directory: String
    /// Distinguishes this run's accounts from earlier ones in a shared PostgreSQL database.
    let runID: String
    private let timeline = Mutex(Timeline())

    /// What happened when, in seconds since the first placement.
    struct Timeline {
        var placed = 0
        var placingDone: Double?
        var killed = 0
        var lastKill: Double?
        var killsDone = false
        /// Why placing or killing stopped early.
        var failure: String?
    }

    init(settings: BenchOrdersSettings) {
        self.settings = settings
        plan = BenchOrdersPlan(
            orders: settings.orders, kills: settings.kills, placingSeconds: settings.placingSeconds,
            killSeconds: settings.placingSeconds * 2, seed: settings.seed)
        runID = String(UUID().uuidString.lowercased().prefix(8))
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("crossdock-bench-orders-\(runID)").path
    }

    func run() async throws -> BenchOrdersFigures {
        let invoices = try SeedInvoices.load()
        guard settings.orders <= invoices.count else {
            throw UsageError(
                message:
                    "--orders can be at most \(grouped(invoices.count)), the invoices in the demo data.")
        }
        let executable = try Self.executable()
        try FileManager.default.createDirectory(atPath: directory + "/logs", withIntermediateDirectories: true)
        say(
            "Crash harness: \(counted(settings.orders, "order")), \(counted(settings.kills, "kill")), "
                + "\(counted(settings.accounts, "account")) on \(settings.engine), "
                + "time scale \(BenchOrdersFigures.number(settings.timeScale)), seed \(settings.seed); "
                + "logs in \(directory)/logs.")

        let sandboxes = try await startSandboxes()
        let database = settings.databaseURL.map { BenchOrdersDatabase(url: $0, runID: runID) }
        let environment = HubFleet.childEnvironment(databaseURL: database?.url)
        let fleet = HubFleet(
            executable: executable, logDirectory: directory + "/logs", environment: environment,
            commands: hubCommands)
        // Ctrl-C stops the hub processes, so that no worker is left running against the database;
        // the temporary folder is kept.
        let interruption = BenchInterruption { [directory] in
            await fleet.stopAll(seconds: 5)
            FileHandle.standardError.write(
                Data("crossdock bench: interrupted; hub processes stopped; logs in \(directory).\n".utf8))
        }
        let outcome: Result<BenchOrdersFigures, any Error>
        do {
            try await connect(sandboxes, executable: executable, environment: environment)
            try await fleet.startAll()
            say("Started \(await fleet.names.joined(separator: ", ")).")
            for sandbox in sandboxes { await sandbox.startWarehouse(warehouseSchedule) }
            outcome = .success(try await drive(sandboxes: sandboxes, invoices: invoices, fleet: fleet))
        } catch {
            outcome = .failure(error)
        }

        // Whatever happened, no child is left running.
        await fleet.stopAll()
        interruption.cancel()
        for sandbox in sandboxes { await sandbox.stop() }
        let clean = (try? outcome.get()).map { $0.holds && $0.settled } ?? false
        if clean, !settings.keep {
            try? FileManager.default.removeItem(atPath: directory)
            if let database { try? await database.dropSchemas(accounts: accountIDs) }
        } else {
            say("Child logs: \(await fleet.logPaths.joined(separator: " ")) (the folder \(directory) is kept).")
            if let database {
                say("PostgreSQL schemas kept: \(database.schemaNames(accounts: accountIDs).joined(separator: ", ")).")
            }
        }
        return try outcome.get()
    }

    // MARK: Setting up

    /// The account ids in the hub; on PostgreSQL unique per run, since account schemas are global.
    var accountIDs: [String] {
        settings.databaseURL == nil ? ["default"] : (1...settings.accounts).map { "bench-\(runID)-\($0)" }
    }

    var warehouseSchedule: WarehouseSchedule {
        var schedule = WarehouseSchedule()
        schedule.handlingSeconds = 1...4
        schedule.splitShare = 0.25
        schedule.seed = settings.seed
        return schedule
    }

    private func startSandboxes() async throws -> [Sandbox] {
        var sandboxes: [Sandbox] = []
        for index in 1...settings.accounts {
            var configuration = SandboxConfiguration()
            configuration.seedCatalog = true
            configuration.rateLimitTimeScale = settings.timeScale
            configuration.bigCommerceStoreHash = "bench-store-\(index)"
            let sandbox = try Sandbox(configuration: configuration)
            do {
                try await sandbox.start()
            } catch {
                for started in sandboxes { await started.stop() }
                throw error
            }
            sandboxes.append(sandbox)
        }
        say("Channel sandboxes: \(sandboxes.map(\.baseURL).joined(separator: ", ")).")
        return sandboxes
    }

    /// `crossdock connect sandbox` for each account, as a merchant would, before any order is placed.
    private func connect(_ sandboxes: [Sandbox], executable: URL, environment: [String: String]) async throws {
        for (index, sandbox) in sandboxes.enumerated() {
            var arguments = ["connect", "sandbox", "--sandbox", sandbox.baseURL]
            if settings.databaseURL != nil {
                arguments += ["--account", accountIDs[index]]
            } else {
                arguments += ["--data-dir", directory + "/data"]
            }
            try await HubFleet.runToCompletion(
                executable: executable, arguments: arguments, environment: environment,
                logPath: "\(directory)/logs/connect-\(index + 1).log")
        }
        say("Connected \(counted(sandboxes.count, "account")) (BigCommerce and Amazon each).")
    }

    /// The hub processes: one `serve` on SQLite; on PostgreSQL `--workers` `worker` processes, which
    /// read the database URL from CROSSDOCK_DATABASE_URL.
    private var hubCommands: [(name: String, arguments: [String])] {
        let value = settings.timeScale
        let scale = value == value.rounded() ? String(Int(value)) : String(value)
        guard settings.databaseURL != nil else {
            return [("serve", ["serve", "--data-dir", directory + "/data", "--port", "0", "--time-scale", scale])]
        }
        return (1...settings.workers).map { index in ("worker-\(index)", ["worker", "--time-scale", scale]) }
    }

    private static func executable() throws -> URL {
        let path =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw BenchError("The path of this executable is unknown, so hub processes cannot be started.")
        }
        return URL(fileURLWithPath: path)
    }

    // MARK: Driving

    /// Places the orders and kills processes as planned, and waits until the sandboxes' truth settles.
    private func drive(sandboxes: [Sandbox], invoices: SeedInvoices, fleet: HubFleet) async throws
        -> BenchOrdersFigures
    {
        let clock = ContinuousClock()
        let start = clock.now
        let seconds = { @Sendable in Self.seconds(start.duration(to: clock.now)) }
        let placing = Task {
            await recordingFailure { try await place(on: sandboxes, invoices: invoices, seconds: seconds) }
        }
        let killing = Task { await recordingFailure { try await kill(in: fleet, seconds: seconds) } }
        defer {
            placing.cancel()
            killing.cancel()
        }

        var lastProgress = 0.0
        var routedAll: Double?
        var settledAt: Double?
        while true {
            try await Task.sleep(for: .seconds(Self.auditInterval))
            for exit in try await fleet.restartUnexpectedExits() { say(exit) }
            let exits = await fleet.unexpectedExits
            if exits > Self.unexpectedExitLimit * settings.workers {
                throw BenchError(
                    "Hub processes exited \(exits) times without being killed; the run stops. Their logs say why.")
            }
            let now = seconds()
            let audits = await audit(sandboxes)
            let state = timeline.withLock { $0 }
            let placingDone = state.placingDone != nil
            if routedAll == nil, placingDone, audits.allSatisfy({ $0.routed == $0.marketplaceOrders }) {
                routedAll = now
            }
            if now - lastProgress >= Self.progressInterval {
                lastProgress = now
                await report(audits, at: now, state: state, fleet: fleet)
            }

            let calm = placingDone && state.killsDone
            if calm, audits.allSatisfy(\.isSettled) {
                if let settled = settledAt, now - settled >= Self.confirmationSeconds {
                    return try await figures(
                        audits, fleet: fleet, settled: true, routedAll: routedAll, end: settled, state: state)
                }
                settledAt = settledAt ?? now
            } else {
                settledAt = nil
            }
            let quietSince = max(state.placingDone ?? now, state.lastKill ?? 0)
            if calm, now - quietSince > settings.timeoutSeconds {
                say("Not settled \(Int(settings.timeoutSeconds)) s after the last kill and placement; stopping.")
                return try await figures(
                    audits, fleet: fleet, settled: false, routedAll: routedAll, end: now, state: state)
            }
            if let failure = state.failure { throw BenchError(failure) }
        }
    }

    private func place(on sandboxes: [Sandbox], invoices: SeedInvoices, seconds: @Sendable () -> Double) async throws {
        for (index, due) in plan.placements.enumerated() {
            let wait = due - seconds()
            if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
            _ = try await sandboxes[index % sandboxes.count].placeAmazonOrder(invoice: index, of: invoices)
            timeline.withLock { $0.placed = index + 1 }
        }
        let done = seconds()
        timeline.withLock { $0.placingDone = done }
        say("Placed \(counted(settings.orders, "order")) in \(BenchFigures.format(done, digits: 1)) s.")
    }

    private func kill(in fleet: HubFleet, seconds: @Sendable () -> Double) async throws {
        var restarts: [Task<Void, any Error>] = []
        for (index, due) in plan.kills.enumerated() {
            let wait = due - seconds()
            if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
            // Every process may be down between a kill and its restart: wait for one to come back.
            var live = await fleet.live
            while live.isEmpty {
                try await Task.sleep(for: .milliseconds(50))
                live = await fleet.live
            }
            let victim = live[Int(plan.victimDraws[index] % UInt64(live.count))]
            let name = await fleet.kill(victim)
            let at = seconds()
            timeline.withLock {
                $0.killed = index + 1
                $0.lastKill = at
            }
            say("Kill \(index + 1) of \(plan.kills.count): SIGKILL to \(name) at \(BenchOrdersFigures.number(at)) s.")
            let pause = plan.pauses[index]
            restarts.append(
                Task {
                    try await Task.sleep(for: .seconds(pause))
                    try await fleet.start(victim)
                })
        }
        for restart in restarts { try await restart.value }
        timeline.withLock { $0.killsDone = true }
    }

    // MARK: Reading the truth

    private func audit(_ sandboxes: [Sandbox]) async -> [RoutingAudit] {
        var audits: [RoutingAudit] = []
        for sandbox in sandboxes { audits.append(await sandbox.routingAudit()) }
        return audits
    }

    private func report(_ audits: [RoutingAudit], at now: Double, state: Timeline, fleet: HubFleet) async {
        let routed = audits.reduce(0) { $0 + $1.routed }
        let shipments = audits.reduce(0) { $0 + $1.shipments }
        let shipped = audits.reduce(0) { $0 + $1.shippedOrders }
        let waiting = audits.reduce(0) { $0 + $1.trackingMissing.count }
        let duplicates = audits.reduce(0) { $0 + $1.duplicated.count }
        let live = await fleet.live.count
        let processes = await fleet.names.count
        say(
            "\(Int(now)) s: placed \(grouped(state.placed)), routed \(grouped(routed)), "
                + "shipped \(grouped(shipped)) (\(grouped(shipments)) parcels), "
                + "tracking awaited for \(grouped(waiting)), duplicates \(duplicates); "
                + "kills \(state.killed) of \(plan.kills.count); \(live) of \(processes) hub processes up.")
    }

    private func figures(
        _ audits: [RoutingAudit], fleet: HubFleet, settled: Bool, routedAll: Double?, end: Double, state: Timeline
    ) async throws -> BenchOrdersFigures {
        let calmSince = settings.kills > 0 ? state.lastKill : state.placingDone
        let figures = BenchOrdersFigures(
            orders: settings.orders, accounts: settings.accounts,
            workers: settings.databaseURL == nil ? 1 : settings.workers,
            engine: settings.engine, timeScale: settings.timeScale, seed: settings.seed, kills: state.killed,
            unexpectedExits: await fleet.unexpectedExits, audits: audits, settled: settled,
            routingSeconds: routedAll, convergeSeconds: settled ? calmSince.map { max(0, end - $0) } : nil,
            wallSeconds: end)
        for problem in figures.problems() { say(problem) }
        return figures
    }

    /// Runs a step of the run in the background, keeping its failure for the loop that watches.
    private func recordingFailure(_ body: () async throws -> Void) async {
        do {
            try await body()
        } catch is CancellationError {
            // The run ended first.
        } catch {
            timeline.withLock { $0.failure = "\(error)" }
        }
    }

    private func counted(_ number: Int, _ noun: String) -> String { BenchCommand.counted(number, noun) }

    private func grouped(_ number: Int) -> String { BenchCommand.grouped(number) }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
