import CrossdockHTTP
import CrossdockSandbox
import CrossdockServer
import CrossdockStore
import CrossdockSync
import Foundation

/// `crossdock serve`: the hub on its own.
enum ServeCommand {
    static let options: [String: Options.Kind] = [
        "host": .value(default: "127.0.0.1"), "port": .value(default: "8080"),
        "data-dir": .value(default: "./crossdock-data"),
    ]

    static let help = """
        Usage: crossdock serve [--host 127.0.0.1] [--port 8080] [--data-dir ./crossdock-data]

        Runs the hub: web UI, JSON API under /api/v1, the BigCommerce webhook receiver and the sync workers,
        on an embedded SQLite database in the data directory (created when missing). Connect channels with
        'crossdock connect'.

          --host        IPv4 address to listen on (default 127.0.0.1, loopback only)
          --port        port of the web UI and API (default 8080)
          --data-dir    directory of the SQLite database (default ./crossdock-data)

        Environment: CROSSDOCK_ADMIN_TOKEN (bearer token always accepted by the API), CROSSDOCK_LOG
        (debug, info or error).
        """

    static func run(_ options: Options) async throws {
        let hub = try await Hub.start(
            host: options.string("host") ?? "127.0.0.1", port: try options.port("port"),
            dataDirectory: options.string("data-dir") ?? "./crossdock-data", sync: SyncConfiguration())
        say("Crossdock is running at \(hub.server.baseURL)")
        try await waitForever()
    }
}

/// `crossdock migrate`: apply migrations and exit.
enum MigrateCommand {
    static let options: [String: Options.Kind] = ["data-dir": .value(default: "./crossdock-data")]

    static let help = """
        Usage: crossdock migrate [--data-dir ./crossdock-data]

        Applies pending database migrations to the SQLite database in the data directory and exits.
        """

    static func run(_ options: Options) async throws {
        let directory = options.string("data-dir") ?? "./crossdock-data"
        _ = try Store(dataDirectory: directory)
        say("Database in \(directory) is up to date.")
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

/// A running hub: store, web server and sync engine.
struct Hub {
    let store: Store
    let server: HubServer
    let engine: SyncEngine

    static func start(host: String, port: UInt16, dataDirectory: String, sync: SyncConfiguration) async throws -> Hub {
        let store = try Store(dataDirectory: dataDirectory)
        let server = HubServer(
            store: store,
            configuration: ServerConfiguration(
                host: host, port: port, adminToken: ProcessInfo.processInfo.environment["CROSSDOCK_ADMIN_TOKEN"]))
        try server.start()
        let engine = SyncEngine(store: store, configuration: sync)
        try await engine.start()
        Log.info("hub started", ["url": server.baseURL, "data_dir": dataDirectory])
        return Hub(store: store, server: server, engine: engine)
    }
}

func waitForever() async throws {
    while true {
        try await Task.sleep(for: .seconds(3600))
    }
}
