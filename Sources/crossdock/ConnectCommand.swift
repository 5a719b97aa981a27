import CrossdockStore
import CrossdockSync
import Foundation

/// `crossdock connect`: saves a channel integration after checking its credentials.
enum ConnectCommand {
    static let options: [String: Options.Kind] = [
        "data-dir": .value(default: "./crossdock-data"), "sandbox": .value(default: nil),
        "webhook-url": .value(default: nil), "base-url": .value(default: nil), "token-url": .value(default: nil),
    ]

    static let help = """
        Usage: crossdock connect bigcommerce --base-url URL [--webhook-url URL] [--data-dir DIR]
               crossdock connect amazon --base-url URL --token-url URL [--data-dir DIR]
               crossdock connect sandbox --sandbox URL [--webhook-url URL] [--data-dir DIR]

        Checks a channel's credentials with one harmless call and saves the integration in the hub's data
        directory; a running 'crossdock serve' on the same directory picks it up. Connecting BigCommerce starts
        the catalogue import. Credentials come from the environment, so they stay out of the process list:

          BigCommerce  BIGCOMMERCE_ACCESS_TOKEN (base URL: https://api.bigcommerce.com/stores/{store_hash})
          Amazon       AMAZON_CLIENT_ID, AMAZON_CLIENT_SECRET, AMAZON_REFRESH_TOKEN, AMAZON_SELLER_ID,
                       AMAZON_MARKETPLACE_ID

          --webhook-url  where BigCommerce delivers webhooks: the hub's public address + /webhooks/bigcommerce
          --sandbox      'connect sandbox' connects both accounts of a running 'crossdock sandbox' (its base URL)
        """

    static func run(_ arguments: [String]) async throws {
        guard let channel = arguments.first, !channel.hasPrefix("-") else {
            if arguments.contains("--help") || arguments.contains("-h") { throw HelpRequested(text: help) }
            throw UsageError(message: "say which channel to connect: bigcommerce, amazon or sandbox; see --help.")
        }
        let options = try Options(Array(arguments.dropFirst()), spec: options, help: help)
        let store = try Store(dataDirectory: options.string("data-dir") ?? "./crossdock-data")
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
        say("Connected \(channel).")
    }

    private static func required(_ options: Options, _ name: String) throws -> String {
        guard let value = options.string(name), !value.isEmpty else {
            throw UsageError(message: "--\(name) is required; see --help.")
        }
        return value
    }
}
