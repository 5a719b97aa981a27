import CrossdockStore
import CrossdockSync
import Foundation

/// `crossdock worker`: sync workers without a web server, for deployments on PostgreSQL.
enum WorkerCommand {
    static let options: [String: Options.Kind] = [
        "database": .value(default: nil), "workers": .value(default: "4"), "no-migrate": .flag,
        "time-scale": .value(default: nil),
    ]

    static let help = """
        Usage: crossdock worker --database URL [--workers N] [--no-migrate] [--time-scale X]

        Runs the sync workers of every merchant account registered in a PostgreSQL database, without a web
        server; accounts registered later are picked up within a few seconds. Start as many worker processes,
        on as many machines, as the work needs: each owns a fair share of the integrations (one process at a
        time calls an integration's channel, so its rate limits hold), takes over the integrations of a worker
        that died and runs again the jobs it left unfinished; one process runs each account's schedule.
        SIGTERM or SIGINT stops it after the jobs in hand finish. Pending migrations are applied at start.

          --database    a PostgreSQL URL, postgresql://user:password@host:port/database[?schema=name]
                        (default: CROSSDOCK_DATABASE_URL)
          --workers     jobs run at once per account (default 4); channel rate limits still pace each integration
          --no-migrate  do not apply migrations; refuse to start if a schema is behind
          --time-scale  divide the periodic intervals (orders, catalogue and shipments polls, reconciliation)
                        by X and multiply the Amazon request rates by X, to match a sandbox run with its rate
                        limits scaled by X (benchmarks and tests; default 1)

        Environment: CROSSDOCK_DATABASE_URL, CROSSDOCK_LOG (debug, info or error).
        """

    static func run(_ options: Options) async throws {
        let database = try DatabaseChoice(options)
        guard case .postgresql(let url) = database else {
            throw UsageError(
                message: "workers share a PostgreSQL database: give --database postgresql://… (or set "
                    + "CROSSDOCK_DATABASE_URL); on SQLite, 'crossdock serve' runs the workers itself.")
        }
        guard let text = options.string("workers"), let workers = Int(text), workers > 0 else {
            throw UsageError(message: "--workers must be a whole number greater than 0.")
        }
        var configuration = SyncConfiguration().scaled(by: try options.timeScale())
        configuration.workers = workers
        let cluster = ClusterWorker(
            databaseURL: url, configuration: configuration, migrate: !options.flag("no-migrate"))
        try await database.explained { try await cluster.start() }
        say("Crossdock worker is running for \(database.displayName).")
        await waitForTermination()
        await cluster.stop()
    }
}
