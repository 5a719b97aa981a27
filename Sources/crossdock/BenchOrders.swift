import CrossdockSandbox
import Foundation

/// `crossdock bench orders`: the crash harness of issue 4. Real orders are routed from Amazon into
/// BigCommerce and tracking is sent back while hub processes are killed with SIGKILL; the channels'
/// truth, read from the sandboxes, must show no order twice, none lost and no tracking missing.
enum BenchOrders {
    static let options: [String: Options.Kind] = [
        "orders": .value(default: nil), "kills": .value(default: "0"), "workers": .value(default: "1"),
        "accounts": .value(default: "1"), "database": .value(default: nil), "time-scale": .value(default: "20"),
        "seed": .value(default: "1"), "placing-seconds": .value(default: nil), "timeout": .value(default: "300"),
        "keep": .flag,
    ]

    static let help = """
        Usage: crossdock bench orders --orders N [--kills K] [--workers W] [--accounts M] [--database URL]
                                      [--time-scale X] [--seed S] [--placing-seconds P] [--timeout T] [--keep]

        Crash harness for order routing. Starts M channel sandboxes in this process (one per merchant account:
        a BigCommerce store and an Amazon seller, with the Online Retail catalogue, rate limits X times faster),
        connects each account to hub processes started from this executable, and places N real invoices of the
        demo data as Amazon orders (order i on account i mod M) over the first P seconds. A simulated warehouse
        ships every BigCommerce order the hub creates, with tracking, 1 to 4 seconds after it appears; a quarter
        of the orders with several lines go out in two parcels. Meanwhile K SIGKILLs hit a random live hub
        process at random moments (seeded) over the first 2 × P seconds; each victim starts again after 0.2 to
        2 seconds. The harness then waits until every Amazon order has exactly one BigCommerce order and every
        shipment's tracking is confirmed on Amazon, reading the truth from the sandboxes, never from the hub.

        Hub processes: on SQLite (no --database), one 'crossdock serve' on a data directory in a temporary
        folder, for one account; on PostgreSQL, W 'crossdock worker' processes sharing the database, each
        account in a schema of its own (removed afterwards unless --keep). Child logs are kept in the temporary
        folder when something fails (its path is printed). Prints progress, then one line of key=value figures:

          orders, accounts, workers, database, time_scale, seed, kills   the run's settings
          unexpected_exits   hub processes that exited without being killed (restarted; see their logs)
          routed, shipments  Amazon orders with a BigCommerce order; BigCommerce shipments made by the warehouse
          duplicates         Amazon orders with more than one BigCommerce order (by external_order_id)
          lost               Amazon orders with no BigCommerce order
          tracking_missing   shipped BigCommerce orders with a shipment whose tracking is not on the Amazon order
          routing_s          from the first placement until every order had its BigCommerce order
          routed_per_s       routed / routing_s: the throughput figure to compare 1 and 3 workers
          converge_s         from the last kill (without kills: the last placement) until everything settled
          wall_s             from the first placement until everything settled (or the timeout)
          settled, invariants  yes/no; held when duplicates, lost and tracking_missing are all 0

          --orders           invoices to replay as Amazon orders (required; the demo data has 8,932)
          --kills            SIGKILLs to send (default 0)
          --workers          'crossdock worker' processes on PostgreSQL (default 1; SQLite runs one 'serve')
          --accounts         merchant accounts (default 1; more need --database)
          --database         postgresql://… URL; without it the hub runs on SQLite. Falls back to
                             CROSSDOCK_DATABASE_URL.
          --time-scale       how much faster than real time the channels' rate limits and the hub's polls run
                             (default 20: BigCommerce's 150 requests per 30 s become 150 per 1.5 s)
          --seed             seed of the kill moments, victims and warehouse (default 1)
          --placing-seconds  seconds over which the orders are placed (default N / 50, at least 2)
          --timeout          seconds to wait for everything to settle after the last kill (default 300)
          --keep             keep the temporary folder and the PostgreSQL schemas

        Exits 0 when the invariants hold, 1 when one is broken or the run did not settle.
        """

    static func run(_ options: Options) async throws {
        let settings = try BenchOrdersSettings(options)
        let figures = try await BenchOrdersRun(settings: settings).run()
        say(figures.line)
        guard figures.holds, figures.settled else {
            throw BenchError(figures.holds ? "The run did not settle within the timeout." : "An invariant is broken.")
        }
    }
}

/// The options of `crossdock bench orders`, checked.
struct BenchOrdersSettings {
    var orders: Int
    var kills: Int
    var workers: Int
    var accounts: Int
    var databaseURL: String?
    var timeScale: Double
    var seed: UInt64
    var placingSeconds: Double
    var timeoutSeconds: Double
    var keep: Bool

    var engine: String { databaseURL == nil ? "sqlite" : "postgresql" }

    init(_ options: Options) throws {
        orders = try Self.count(options, "orders", minimum: 1)
        kills = try Self.count(options, "kills", minimum: 0)
        workers = try Self.count(options, "workers", minimum: 1)
        accounts = try Self.count(options, "accounts", minimum: 1)
        databaseURL = options.string("database") ?? ProcessInfo.processInfo.environment["CROSSDOCK_DATABASE_URL"]
        timeScale = try options.number("time-scale")
        timeoutSeconds = try options.number("timeout")
        guard let seed = options.string("seed").flatMap({ UInt64($0) }) else {
            throw UsageError(message: "--seed must be a whole number from 0 to 18446744073709551615.")
        }
        self.seed = seed
        placingSeconds =
            options.string("placing-seconds") == nil
            ? max(2, Double(orders) / 50) : try options.number("placing-seconds")
        keep = options.flag("keep")

        if let url = databaseURL {
            guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") else {
                throw UsageError(message: "--database must be a postgresql:// URL; leave it out to run on SQLite.")
            }
            guard !url.contains("schema=") else {
                throw UsageError(message: "leave ?schema= out of --database: every run uses schemas of its own.")
            }
        } else if accounts > 1 {
            throw UsageError(
                message: "SQLite holds one merchant account; give --database postgresql://… to spread the orders "
                    + "over \(accounts) accounts.")
        } else if workers > 1 {
            throw UsageError(
                message: "on SQLite one 'crossdock serve' process runs the hub; give --database postgresql://… to "
                    + "run \(workers) workers.")
        }
    }

    private static func count(_ options: Options, _ name: String, minimum: Int) throws -> Int {
        guard let text = options.string(name) else { throw UsageError(message: "--\(name) is required; see --help.") }
        guard let value = Int(text), value >= minimum else {
            throw UsageError(message: "--\(name) must be a whole number of at least \(minimum).")
        }
        return value
    }
}
