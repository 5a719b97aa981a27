import CrossdockHTTP
import CrossdockSandbox
import CrossdockServer
import CrossdockStore
import CrossdockSync
import Foundation

/// `crossdock demo`: sandbox and hub together, walked through the go-live stages by themselves.
enum DemoCommand {
    static let options: [String: Options.Kind] = DatabaseChoice.options.merging([
        "port": .value(default: "8080"), "sandbox-port": .value(default: "0"), "speed": .value(default: "600"),
        "reset": .flag,
    ]) { first, _ in first }

    static let help = """
        Usage: crossdock demo [--port 8080] [--sandbox-port 0] [--data-dir ./crossdock-data | --database URL]
                              [--speed 600] [--reset]

        Starts the channel sandbox seeded with the UCI Online Retail catalogue and the hub, then goes live
        as a merchant would: connects BigCommerce (catalogue import starts, marketplace orders are exported to
        BigCommerce), connects Amazon (listings and orders imported, tracking exported), replays the real
        invoices as Amazon orders, and turns on Amazon quantity export once the import is complete. Prices stay
        off. A simulated warehouse ships each BigCommerce order with tracking.

          --port          port of the hub's web UI (default 8080, on 127.0.0.1)
          --sandbox-port  port of the channel sandbox (default 0: a free port)
          --data-dir      directory of the hub's SQLite database (created when missing)
          --database      a PostgreSQL URL instead (default: CROSSDOCK_DATABASE_URL when set and --data-dir is
                          not given); the demo uses the default account and runs the workers of every account
          --speed         seconds of the data's time replayed per real second (default 600)
          --reset         delete the hub database in the data directory first (the sandbox starts fresh each run);
                          SQLite only: on PostgreSQL give a fresh ?schema= instead
        """

    static func run(_ options: Options) async throws {
        let database = try DatabaseChoice(options)
        if options.flag("reset") {
            guard case .sqlite(let dataDirectory) = database else {
                throw UsageError(
                    message: "--reset deletes an SQLite database; on PostgreSQL give the URL a fresh ?schema= instead.")
            }
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: dataDirectory + "/crossdock.sqlite" + suffix)
            }
        }
        var sandboxConfiguration = SandboxConfiguration()
        sandboxConfiguration.port = try options.port("sandbox-port")
        let sandbox = try Sandbox(configuration: sandboxConfiguration)
        try await sandbox.start()

        var sync = SyncConfiguration()
        sync.ordersPollSeconds = 15
        sync.shipmentsPollSeconds = 120
        let hub = try await Hub.start(host: "127.0.0.1", port: try options.port("port"), database: database, sync: sync)

        let accounts = try await SandboxAccounts.read(from: sandbox.baseURL)
        try await goLive(hub: hub, accounts: accounts)
        await sandbox.startReplay(speed: try options.number("speed"))

        say("Crossdock demo is running. Open \(hub.server.baseURL)/products")
        say("Channel sandbox: \(sandbox.baseURL) (accounts at \(sandbox.baseURL)/_control)")
        try await waitForever()
    }

    /// Stages 1, 4 and 6 of DESIGN.md §1.1.
    static func goLive(hub: Hub, accounts: SandboxAccounts) async throws {
        try await hub.engine.connectBigCommerce(
            baseURL: accounts.bigCommerce.baseURL, credentials: accounts.bigCommerce.credentials,
            webhookURL: hub.server.baseURL + "/webhooks/bigcommerce")
        try await hub.engine.connectAmazon(
            baseURL: accounts.amazon.baseURL, tokenURL: accounts.amazon.tokenURL ?? "",
            credentials: accounts.amazon.credentials)
        Task {
            while (try? await hub.store.catalogImport().state) != .complete {
                try? await Task.sleep(for: .seconds(1))
            }
            try? await hub.engine.setSwitch("export_quantities", to: true, integrationID: "amazon")
            Log.info("quantity export turned on", ["integration": "amazon"])
        }
    }
}

/// The accounts the sandbox emulates, read from `GET /_control`.
struct SandboxAccounts {
    struct Account {
        var baseURL: String
        var tokenURL: String?
        var credentials: [String: String]
    }

    var bigCommerce: Account
    var amazon: Account

    static func read(from sandboxURL: String) async throws -> SandboxAccounts {
        let response = try await HTTPClient().send("GET", sandboxURL + "/_control")
        guard let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any],
            let accounts = object["accounts"] as? [[String: Any]]
        else { throw UsageError(message: "the sandbox's /_control did not list accounts.") }
        var found: [String: Account] = [:]
        for account in accounts {
            guard let channel = account["channel"] as? String, let baseURL = account["base_url"] as? String else {
                continue
            }
            let credentials = (account["credentials"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
            found[channel] = Account(
                baseURL: baseURL, tokenURL: account["token_url"] as? String, credentials: credentials)
        }
        guard let bigCommerce = found["bigcommerce"], let amazon = found["amazon"] else {
            throw UsageError(message: "the sandbox lacks a BigCommerce or Amazon account.")
        }
        return SandboxAccounts(bigCommerce: bigCommerce, amazon: amazon)
    }
}
