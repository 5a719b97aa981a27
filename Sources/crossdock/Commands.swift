import CrossdockHTTP
import CrossdockSandbox
import CrossdockServer
import CrossdockStore
import CrossdockSync
import Foundation
import Synchronization

/// `crossdock serve`: the hub on its own.
enum ServeCommand {
    static let options: [String: Options.Kind] = DatabaseChoice.options.merging([
        "host": .value(default: "127.0.0.1"), "port": .value(default: "8080"), "account": .value(default: nil),
        "no-workers": .flag, "no-migrate": .flag, "time-scale": .value(default: nil),
    ]) { first, _ in first }

    static let help = """
        Usage: crossdock serve [--host 127.0.0.1] [--port 8080] [--data-dir DIR | --database URL] [--account ID]
                               [--no-workers] [--no-migrate] [--time-scale X]

        Runs the hub: web UI, JSON API under /api/v1 and the BigCommerce webhook receiver for one merchant
        account, and the sync workers. Connect channels with 'crossdock connect'.

        On SQLite (the default: a database in the data directory, created when missing) one process does
        everything. With --database postgresql://… every process shares one PostgreSQL: the web side serves
        --account, and the workers run the jobs of every registered account, like 'crossdock worker', owning
        a fair share of the integrations; run several web-only processes (--no-workers) behind a load balancer
        and 'crossdock worker' processes beside them. Pending migrations are applied at start.

          --host        IPv4 address to listen on (default 127.0.0.1, loopback only)
          --port        port of the web UI and API (default 8080; 0 picks a free port)
          --data-dir    directory of the SQLite database (default ./crossdock-data)
          --database    a PostgreSQL URL, postgresql://user:password@host:port/database[?schema=name]
                        (default: CROSSDOCK_DATABASE_URL when set and --data-dir is not given)
          --account     the merchant account the web side serves (default: default); PostgreSQL only
          --no-workers  serve the web side only; another process runs the sync workers
          --no-migrate  do not apply migrations; refuse to start if the schema is behind
          --time-scale  divide the periodic intervals (orders, catalogue and shipments polls, reconciliation)
                        by X and multiply the Amazon request rates by X, to match a sandbox run with its rate
                        limits scaled by X (benchmarks and tests; default 1)

        Environment: CROSSDOCK_DATABASE_URL, CROSSDOCK_ADMIN_TOKEN (bearer token always accepted by the API),
        CROSSDOCK_LOG (debug, info or error).
        """

    static func run(_ options: Options) async throws {
        let database = try DatabaseChoice(options)
        let hub = try await Hub.start(
            host: options.string("host") ?? "127.0.0.1", port: try options.port("port"), database: database,
            account: try options.account(), migrate: !options.flag("no-migrate"),
            workers: !options.flag("no-workers"), sync: SyncConfiguration().scaled(by: try options.timeScale()))
        say("Crossdock is running at \(hub.server.baseURL)")
        await waitForTermination()
        await hub.stop()
    }
}

/// `crossdock migrate`: apply migrations and exit.
enum MigrateCommand {
    static let options: [String: Options.Kind] = DatabaseChoice.options.merging([
        "account": .value(default: nil), "all-accounts": .flag,
    ]) { first, _ in first }

    static let help = """
        Usage: crossdock migrate [--data-dir DIR | --database URL] [--account ID | --all-accounts]

        Applies pending database migrations and exits: to the SQLite database in the data directory (default
        ./crossdock-data), or on PostgreSQL to one account's schema (--account, default: default; the account is
        registered when new) or to every registered account's (--all-accounts). Deployments that apply migrations
        by hand run this before starting processes with --no-migrate.

          --data-dir      directory of the SQLite database (default ./crossdock-data)
          --database      a PostgreSQL URL (default: CROSSDOCK_DATABASE_URL when set and --data-dir is not given)
          --account       the merchant account to migrate (default: default)
          --all-accounts  every account in the PostgreSQL database's registry
        """

    static func run(_ options: Options) async throws {
        let database = try DatabaseChoice(options)
        guard options.flag("all-accounts") else {
            let account = try options.account()
            _ = try await database.openStore(account: account)
            say("Database \(database.displayName) is up to date for account \(account).")
            return
        }
        guard options.string("account") == nil else {
            throw UsageError(message: "give --account or --all-accounts, not both.")
        }
        guard case .postgresql(let url) = database else {
            _ = try await database.openStore()
            say("Database \(database.displayName) is up to date (SQLite holds one account).")
            return
        }
        let accounts = try await database.explained { try await Deployment(databaseURL: url).accounts() }
        for account in accounts {
            _ = try await database.openStore(account: account, maximumConnections: 1)
        }
        say(
            accounts.isEmpty
                ? "Database \(database.displayName) has no accounts yet; its registry is up to date."
                : "Database \(database.displayName) is up to date for \(accounts.count) accounts: "
                    + accounts.map(\.rawValue).joined(separator: ", ") + ".")
    }
}

/// `crossdock sandbox`: the channel emulators alone.
enum SandboxCommand {
    static let options: [String: Options.Kind] = [
        "port": .value(default: "8090"), "speed": .value(default: nil), "empty": .flag,
        "plan": .value(default: "standard"),
    ]

    static let help = """
        Usage: crossdock sandbox [--port 8090] [--speed N] [--empty] [--plan standard|plus|pro]

        Runs local emulators of the BigCommerce and Amazon SP-API on 127.0.0.1, under /bigcommerce and /amazon,
        with a control API under /_control (GET /_control lists the emulated accounts and credentials).

          --port   port to listen on (default 8090; 0 picks a free port)
          --speed  start replaying the Online Retail invoices as Amazon orders, N seconds of data time per second
          --empty  start without the bundled catalogue
          --plan   the BigCommerce plan whose request quota the store enforces: standard or plus (150 per 30 s),
                   pro (450 per 30 s); default standard
        """

    static func run(_ options: Options) async throws {
        var configuration = SandboxConfiguration()
        configuration.port = try options.port("port")
        configuration.seedCatalog = !options.flag("empty")
        switch options.string("plan") ?? "standard" {
        case "standard": configuration.bigCommercePlan = .standard
        case "plus": configuration.bigCommercePlan = .plus
        case "pro": configuration.bigCommercePlan = .pro
        case let other: throw UsageError(message: "--plan must be standard, plus or pro, not '\(other)'.")
        }
        let sandbox = try Sandbox(configuration: configuration)
        try await sandbox.start()
        if options.string("speed") != nil {
            await sandbox.startReplay(speed: try options.number("speed"))
        }
        say("Channel sandbox is running at \(sandbox.baseURL) (accounts: \(sandbox.baseURL)/_control)")
        try await waitForever()
    }
}

/// A running hub: the store and web server of one account, and the sync workers: one engine on
/// SQLite, the engines of every registered account on PostgreSQL, or none (web only).
struct Hub {
    let store: Store
    let server: HubServer
    /// The account's engine: connects channels; on SQLite it also runs the jobs.
    let engine: SyncEngine
    let workers: Workers

    enum Workers {
        case none
        case engine
        case cluster(ClusterWorker)
    }

    static func start(
        host: String, port: UInt16, database: DatabaseChoice, account: AccountID = .default, migrate: Bool = true,
        workers runWorkers: Bool = true, sync: SyncConfiguration
    ) async throws -> Hub {
        let store = try await database.openStore(account: account, migrate: migrate)
        let engine = SyncEngine(store: store, configuration: sync)
        var workers = Workers.none
        if runWorkers {
            switch database {
            case .sqlite:
                try await engine.start()
                workers = .engine
            case .postgresql(let url):
                let cluster = ClusterWorker(databaseURL: url, configuration: sync, migrate: migrate)
                try await database.explained { try await cluster.start() }
                workers = .cluster(cluster)
            }
        }
        let server = HubServer(
            store: store,
            configuration: ServerConfiguration(
                host: host, port: port, adminToken: ProcessInfo.processInfo.environment["CROSSDOCK_ADMIN_TOKEN"]))
        try server.start()
        Log.info(
            "hub started",
            [
                "url": server.baseURL, "database": database.displayName, "account": account.rawValue,
                "workers": runWorkers ? "on" : "off",
            ])
        return Hub(store: store, server: server, engine: engine, workers: workers)
    }

    /// Stops the web server, then the workers, letting jobs in hand finish.
    func stop() async {
        server.stop()
        switch workers {
        case .none: break
        case .engine: await engine.stop()
        case .cluster(let cluster): await cluster.stop()
        }
    }
}

/// Waits until the process is asked to stop with SIGTERM or SIGINT.
func waitForTermination() async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        TerminationSignals.onSignal { continuation.resume() }
    }
}

/// SIGTERM and SIGINT, delivered on a dispatch queue instead of killing the process, so that
/// workers can stop cooperatively. A second signal stops the process at once.
enum TerminationSignals {
    private struct State {
        var handler: (@Sendable () -> Void)?
        var received = 0
        /// Kept so that the sources live as long as the process.
        var sources: [any DispatchSourceSignal] = []
    }

    private static let state = Mutex(State())
    private static let queue = DispatchQueue(label: "crossdock.signals")

    /// Calls `handler` once, at the first signal (at once when one already came).
    static func onSignal(_ handler: @escaping @Sendable () -> Void) {
        let call = state.withLock { state -> Bool in
            if state.sources.isEmpty {
                for number in [SIGTERM, SIGINT] {
                    signal(number, SIG_IGN)
                    let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                    source.setEventHandler { received() }
                    source.resume()
                    state.sources.append(source)
                }
            }
            if state.received > 0 { return true }
            state.handler = handler
            return false
        }
        if call { handler() }
    }

    private static func received() {
        let (handler, count) = state.withLock { state in
            state.received += 1
            defer { state.handler = nil }
            return (state.handler, state.received)
        }
        if count > 1 { exit(130) }
        Log.info("stopping: jobs in hand finish first; signal again to stop at once")
        handler?()
    }
}

func waitForever() async throws {
    while true {
        try await Task.sleep(for: .seconds(3600))
    }
}
