import CrossdockHTTP
import Foundation

/// The BigCommerce plan whose per-store API quota the sandbox enforces (CHANNELS.md §1.3).
public enum BigCommercePlan: Sendable, Equatable {
    /// Standard: 150 requests per 30 seconds.
    case standard
    /// Plus: 150 requests per 30 seconds.
    case plus
    /// Pro: 450 requests per 30 seconds.
    case pro
    /// Any quota per window, for tests.
    case custom(quota: Int, windowMs: Int)

    var quota: Int {
        switch self {
        case .standard, .plus: 150
        case .pro: 450
        case .custom(let quota, _): quota
        }
    }

    var windowMilliseconds: Int {
        switch self {
        case .standard, .plus, .pro: 30_000
        case .custom(_, let windowMs): windowMs
        }
    }
}

/// How to run a sandbox.
///
/// - `host`, `port`: where the one HTTP server listens; port 0 picks a free port. Keep the host on loopback.
/// - `bigCommercePlan`: the store's request quota.
/// - `rateLimitTimeScale`: 10 makes BigCommerce windows, Amazon token refills and webhook retry delays
///   10 times faster, so tests of limits run quickly.
/// - `seedCatalog`: load the bundled Online Retail catalogue at start and list every sellable SKU on
///   Amazon with the same quantity.
/// - `bigCommerceStoreHash`: the store hash in BigCommerce paths.
public struct SandboxConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port: UInt16 = 0
    public var bigCommercePlan: BigCommercePlan = .standard
    public var rateLimitTimeScale: Double = 1
    public var seedCatalog: Bool = true
    public var bigCommerceStoreHash = "crossdock-demo"

    public init() {}
}

/// Local emulators of BigCommerce and Amazon SP-API on one HTTP server, with a control API.
///
/// BigCommerce lives under `/bigcommerce/stores/{store_hash}`, Amazon under `/amazon`, the control
/// API under `/_control`; `GET /_control` lists the accounts to connect. Credentials are random
/// per instance.
public final class Sandbox: Sendable {
    private let configuration: SandboxConfiguration
    private let server: HTTPServer
    private let address: SandboxAddress
    let bigCommerce: BigCommerceAPI
    let amazon: AmazonAPI
    private let replay: Replay
    /// Ships in real time when a harness starts it (`startWarehouse`); the replay has its own in data time.
    let warehouse: Warehouse
    private let seed: [SeedProduct]

    public init(configuration: SandboxConfiguration = SandboxConfiguration()) throws {
        guard configuration.rateLimitTimeScale > 0 else {
            throw SandboxError(description: "rateLimitTimeScale must be greater than 0")
        }
        guard configuration.bigCommercePlan.quota > 0, configuration.bigCommercePlan.windowMilliseconds > 0 else {
            throw SandboxError(description: "a BigCommerce plan needs a quota and a window greater than 0")
        }
        self.configuration = configuration
        seed = configuration.seedCatalog ? try SeedData.catalog() : []

        let address = SandboxAddress(host: configuration.host)
        let scale = configuration.rateLimitTimeScale
        let storeHash = configuration.bigCommerceStoreHash
        let plan = configuration.bigCommercePlan
        let bigCommerce = BigCommerceAPI(
            store: BigCommerceStore(),
            webhooks: BigCommerceWebhooks(
                storeHash: storeHash, storeId: "10" + StableHash.digits("store:" + storeHash, count: 5),
                clientId: SandboxRandom.string(length: 31, from: SandboxRandom.lowercaseAlphanumerics),
                timeScale: scale),
            traffic: BigCommerceTraffic(
                quota: plan.quota, windowMilliseconds: Int((Double(plan.windowMilliseconds) / scale).rounded())),
            storeHash: storeHash,
            accessToken: SandboxRandom.string(length: 31, from: SandboxRandom.lowercaseAlphanumerics),
            address: address)
        let amazon = AmazonAPI(store: AmazonStore(credentials: .generate(), timeScale: scale))
        let replay = Replay(amazon: amazon.store, bigCommerce: bigCommerce)
        let dispatcher = SandboxDispatcher(
            bigCommerce: bigCommerce, amazon: amazon,
            control: ControlAPI(bigCommerce: bigCommerce, amazon: amazon, replay: replay, address: address))

        self.address = address
        self.bigCommerce = bigCommerce
        self.amazon = amazon
        self.replay = replay
        warehouse = Warehouse(bigCommerce: bigCommerce, handling: WarehouseSchedule().handling)
        server = HTTPServer(host: configuration.host, port: configuration.port) { request in
            await dispatcher.handle(request)
        }
    }

    /// `http://127.0.0.1:PORT`, once started.
    public var baseURL: String { address.baseURL }

    /// Loads the seed catalogue (when configured) and starts listening.
    public func start() async throws {
        if !seed.isEmpty {
            let products = await bigCommerce.store.loadCatalog(seed, replace: true, now: Date())
            await amazon.store.list(ControlAPI.sellableItems(of: products), now: Date())
        }
        do {
            try server.start()
        } catch {
            throw SandboxError(description: "the sandbox could not start: \(error)")
        }
        address.bind(port: server.port)
        SandboxLog.debug("sandbox started", ["base_url": baseURL])
    }

    /// Stops the replay, the warehouse, pending webhook deliveries and the server.
    public func stop() async {
        await replay.stop()
        await warehouse.stop()
        await bigCommerce.webhooks.stop()
        // Stopping libmicrohttpd joins its thread; keep that off Swift's cooperative pool.
        let server = self.server
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                server.stop()
                continuation.resume()
            }
        }
        SandboxLog.debug("sandbox stopped")
    }

    /// Starts replaying the seed orders as Amazon orders; the same as `POST /_control/replay`.
    /// A failure to read the seed orders is logged and leaves the replay stopped.
    public func startReplay(speed: Double) async {
        do {
            try await replay.start(speed: speed)
        } catch {
            SandboxLog.debug("replay not started", ["reason": "\(error)"])
        }
    }
}

/// Sends each request to its channel by path prefix, and logs it.
private struct SandboxDispatcher: Sendable {
    let bigCommerce: BigCommerceAPI
    let amazon: AmazonAPI
    let control: ControlAPI
    let bigCommerceRouter: Router
    let amazonRouter: Router
    let controlRouter: Router

    init(bigCommerce: BigCommerceAPI, amazon: AmazonAPI, control: ControlAPI) {
        self.bigCommerce = bigCommerce
        self.amazon = amazon
        self.control = control
        bigCommerceRouter = bigCommerce.makeRouter()
        amazonRouter = amazon.makeRouter()
        controlRouter = control.makeRouter()
    }

    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let started = Date()
        let channel = request.pathSegments.first ?? ""
        let response: HTTPResponse
        switch channel {
        case "bigcommerce":
            response = await bigCommerce.handle(request, router: bigCommerceRouter)
            await bigCommerce.requestLog.record(
                request, status: response.status, receivedAt: started,
                milliseconds: Int(Date().timeIntervalSince(started) * 1000))
        case "amazon": response = await amazon.handle(request, router: amazonRouter)
        case "_control": response = await controlRouter.handle(request)
        default: response = ControlAPI.problem("No sandbox resource at \(request.rawPath).", status: 404)
        }
        // Paths may carry SKUs and order ids, never credentials; query strings and bodies are not logged.
        SandboxLog.debug(
            "request",
            [
                "channel": channel, "method": request.method, "path": request.rawPath,
                "status": String(response.status),
                "ms": String(Int(Date().timeIntervalSince(started) * 1000)),
            ])
        return response
    }
}
