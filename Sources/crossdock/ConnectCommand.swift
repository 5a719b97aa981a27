import CrossdockStore
import CrossdockSync
import Foundation

/// `crossdock connect`: saves a channel integration after checking its credentials.
enum ConnectCommand {
    static let options: [String: Options.Kind] = DatabaseChoice.options.merging([
        "account": .value(default: nil), "sandbox": .value(default: nil),
        "webhook-url": .value(default: nil), "base-url": .value(default: nil), "token-url": .value(default: nil),
    ]) { first, _ in first }

    static let help = """
        Usage: crossdock connect bigcommerce --base-url URL [--webhook-url URL] [DATABASE]
               crossdock connect amazon --base-url URL --token-url URL [DATABASE]
               crossdock connect sandbox --sandbox URL [--webhook-url URL] [DATABASE]
        where DATABASE is --data-dir DIR (SQLite, default ./crossdock-data) or --database URL [--account ID]

        Checks a channel's credentials with one harmless call and saves the integration in the hub's database;
        a running 'crossdock serve' or 'crossdock worker' on the same database picks it up. Connecting
        BigCommerce starts the catalogue import. On PostgreSQL the integration belongs to --account (default:
        default), which is registered, and its schema created, when new. Credentials come from the environment,
        so they stay out of the process list:

          BigCommerce  BIGCOMMERCE_ACCESS_TOKEN (base URL: https://api.bigcommerce.com/stores/{store_hash})
          Amazon       AMAZON_CLIENT_ID, AMAZON_CLIENT_SECRET, AMAZON_REFRESH_TOKEN, AMAZON_SELLER_ID,
                       AMAZON_MARKETPLACE_ID

          --webhook-url  where BigCommerce delivers webhooks: the hub's public address + /webhooks/bigcommerce
          --sandbox      'connect sandbox' connects both accounts of a running 'crossdock sandbox' (its base URL)
          --data-dir     directory of the SQLite database (default ./crossdock-data)
          --database     a PostgreSQL URL (default: CROSSDOCK_DATABASE_URL when set and --data-dir is not given)
          --account      the merchant account the integration belongs to (default: default); PostgreSQL only
        """

    static func run(_ arguments: [String]) async throws {
        guard let channel = arguments.first, !channel.hasPrefix("-") else {
            if arguments.contains("--help") || arguments.contains("-h") { throw HelpRequested(text: help) }
            throw UsageError(message: "say which channel to connect: bigcommerce, amazon or sandbox; see --help.")
        }
        let options = try Options(Array(arguments.dropFirst()), spec: options, help: help)
        let database = try DatabaseChoice(options)
        let store = try await database.openStore(account: try options.account(), maximumConnections: 1)
        let engine = SyncEngine(store: store)
        let environment = ProcessInfo.processInfo.environment

        switch channel {
        case "bigcommerce":
            try await engine.connectBigCommerce(
                baseURL: try required(options, "base-url"),
                credentials: ["access_token": environment["BIGCOMMERCE_ACCESS_TOKEN"] ?? ""],
                webhookURL: options.string("webhook-url"))
        case "amazon":
            var credentials: [String: String] = [:]
            for name in ["client_id", "client_secret", "refresh_token", "seller_id", "marketplace_id"] {
                credentials[name] = environment["AMAZON_" + name.uppercased()]
            }
            try await engine.connectAmazon(
                baseURL: try required(options, "base-url"), tokenURL: try required(options, "token-url"),
                credentials: credentials)
        case "sandbox":
            let accounts = try await SandboxAccounts.read(from: try required(options, "sandbox"))
            try await engine.connectBigCommerce(
                baseURL: accounts.bigCommerce.baseURL, credentials: accounts.bigCommerce.credentials,
                webhookURL: options.string("webhook-url"))
            try await engine.connectAmazon(
                baseURL: accounts.amazon.baseURL, tokenURL: accounts.amazon.tokenURL ?? "",
                credentials: accounts.amazon.credentials)
        default:
            throw UsageError(message: "unknown channel '\(channel)'; use bigcommerce, amazon or sandbox.")
        }
        say("Connected \(channel)" + (store.account.isDefault ? "." : " for account \(store.account)."))
    }

    private static func required(_ options: Options, _ name: String) throws -> String {
        guard let value = options.string(name), !value.isEmpty else {
            throw UsageError(message: "--\(name) is required; see --help.")
        }
        return value
    }
}
