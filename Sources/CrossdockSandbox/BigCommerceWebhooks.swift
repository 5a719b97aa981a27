import CrossdockHTTP
import Foundation

/// A webhook subscription (`/v3/hooks`).
struct Webhook: Sendable {
    let id: Int
    var scope: String
    var destination: String
    var isActive: Bool
    var headers: [String: String]
    let createdAt: Date
    var updatedAt: Date

    /// Whether an event's scope is covered: exactly, or by a wildcard such as `store/order/*` or `store/*`.
    func covers(_ eventScope: String) -> Bool {
        guard scope.hasSuffix("/*") else { return scope == eventScope }
        return eventScope.hasPrefix(String(scope.dropLast()))
    }
}

/// What happened to one event sent to one hook, for the control API.
struct WebhookDelivery: Sendable {
    let hookId: Int
    let scope: String
    let hash: String
    var attempts: Int
    var lastStatus: Int?
    var delivered: Bool
}

/// A delivery fault queued by the control API: the next `remaining` events whose scope starts with
/// `scopePrefix` are sent `copies` times at the same moment, after `delayMilliseconds`, so that
/// later events overtake them.
struct DeliveryFault: Sendable {
    var scopePrefix: String?
    var remaining: Int
    var copies: Int
    var delayMilliseconds: Int
}

/// Holds the store's webhook subscriptions and delivers events to them.
///
/// Each delivery runs in its own task, so the request that caused an event never waits for it.
/// A delivery that does not get a 2xx answer is retried on BigCommerce's schedule, shortened to its
/// first steps and divided by the time scale:
///
/// | attempt | delay at time scale 1 |
/// |---|---|
/// | 2 | 60 s |
/// | 3 | 180 s |
/// | 4 | 300 s |
/// | 5 | 600 s |
///
/// Retries of one event carry the same `hash`, so receivers can drop duplicates.
actor BigCommerceWebhooks {
    static let retryDelays: [Double] = [60, 180, 300, 600]
    private static let deliveryHistoryLimit = 1000

    let storeHash: String
    let storeId: String
    let clientId: String
    private let timeScale: Double
    private let client = HTTPClient(timeout: 10)
    private var hooks: [Webhook] = []
    private var nextHookId = 1
    private var deliveries: [WebhookDelivery] = []
    private var running: [Int: Task<Void, Never>] = [:]
    private var nextTaskKey = 0
    private var stopped = false
    private var faults: [DeliveryFault] = []

    init(storeHash: String, storeId: String, clientId: String, timeScale: Double) {
        self.storeHash = storeHash
        self.storeId = storeId
        self.clientId = clientId
        self.timeScale = timeScale
    }

    // MARK: Subscriptions

    func create(scope: String, destination: String, isActive: Bool, headers: [String: String], now: Date) -> Webhook {
        let stamp = SandboxDates.wholeSeconds(now)
        let hook = Webhook(
            id: nextHookId, scope: scope, destination: destination, isActive: isActive, headers: headers,
            createdAt: stamp, updatedAt: stamp)
        nextHookId += 1
        hooks.append(hook)
        return hook
    }

    func all() -> [Webhook] { hooks }

    func hook(id: Int) -> Webhook? { hooks.first { $0.id == id } }

    func update(
        id: Int, scope: String?, destination: String?, isActive: Bool?, headers: [String: String]?, now: Date
    ) -> Webhook? {
        guard let index = hooks.firstIndex(where: { $0.id == id }) else { return nil }
        if let scope { hooks[index].scope = scope }
        if let destination { hooks[index].destination = destination }
        if let isActive { hooks[index].isActive = isActive }
        if let headers { hooks[index].headers = headers }
        hooks[index].updatedAt = SandboxDates.wholeSeconds(now)
        return hooks[index]
    }

    func delete(id: Int) -> Webhook? {
        guard let index = hooks.firstIndex(where: { $0.id == id }) else { return nil }
        return hooks.remove(at: index)
    }

    func recentDeliveries() -> [WebhookDelivery] { deliveries }

    func queue(_ fault: DeliveryFault) {
        faults.append(fault)
    }

    /// The fault that applies to the next event of `scope`, used up by one event.
    private func takeFault(for scope: String) -> DeliveryFault? {
        guard let index = faults.firstIndex(where: { scope.hasPrefix($0.scopePrefix ?? "") }) else { return nil }
        let fault = faults[index]
        faults[index].remaining -= 1
        if faults[index].remaining <= 0 { faults.remove(at: index) }
        return fault
    }

    // MARK: Delivery

    /// Starts delivering each event to every active hook whose scope covers it.
    func publish(_ events: [WebhookEvent], now: Date = Date()) {
        guard !stopped else { return }
        for event in events {
            let hash = SandboxRandom.hex(bytes: 20)
            let matching = hooks.filter { $0.isActive && $0.covers(event.scope) }
            let fault = matching.isEmpty ? nil : takeFault(for: event.scope)
            for hook in matching {
                let payload: JSONValue = [
                    "scope": .string(event.scope), "store_id": .string(storeId), "data": event.data,
                    "hash": .string(hash), "created_at": .int(Int(now.timeIntervalSince1970)),
                    "producer": .string("stores/\(storeHash)"),
                ]
                let body = payload.encoded
                deliveries.append(
                    WebhookDelivery(
                        hookId: hook.id, scope: event.scope, hash: hash, attempts: 0, lastStatus: nil,
                        delivered: false))
                if deliveries.count > Self.deliveryHistoryLimit {
                    deliveries.removeFirst(deliveries.count - Self.deliveryHistoryLimit)
                }
                for _ in 0..<max(1, fault?.copies ?? 1) {
                    let delay = Double(fault?.delayMilliseconds ?? 0) / 1000
                    startDelivery(hookId: hook.id, scope: event.scope, hash: hash, body: body, after: delay)
                }
            }
        }
    }

    private func startDelivery(hookId: Int, scope: String, hash: String, body: Data, after delay: TimeInterval) {
        let key = nextTaskKey
        nextTaskKey += 1
        running[key] = Task {
            if delay > 0 { try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000)) }
            await self.deliver(hookId: hookId, scope: scope, hash: hash, body: body)
            self.finish(key)
        }
    }

    private func finish(_ key: Int) {
        running[key] = nil
    }

    private func deliver(hookId: Int, scope: String, hash: String, body: Data) async {
        for attempt in 0...Self.retryDelays.count {
            if attempt > 0 {
                let delay = Self.retryDelays[attempt - 1] / timeScale
                try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            }
            // The hook may have been deleted or switched off while the event waited.
            guard !Task.isCancelled, !stopped, let hook = hook(id: hookId), hook.isActive else { return }
            let headers = [("Content-Type", "application/json")] + hook.headers.map { ($0.key, $0.value) }
            let status: Int?
            do {
                status = try await client.send("POST", hook.destination, headers: headers, body: body).status
            } catch {
                status = nil
            }
            let delivered = status.map { (200..<300).contains($0) } ?? false
            record(hash: hash, hookId: hookId, status: status, delivered: delivered)
            SandboxLog.debug(
                "webhook delivery",
                [
                    "channel": "bigcommerce", "scope": scope, "hook": String(hookId), "attempt": String(attempt + 1),
                    "status": status.map(String.init) ?? "none",
                ])
            if delivered { return }
        }
    }

    private func record(hash: String, hookId: Int, status: Int?, delivered: Bool) {
        guard let index = deliveries.lastIndex(where: { $0.hash == hash && $0.hookId == hookId }) else { return }
        deliveries[index].attempts += 1
        deliveries[index].lastStatus = status
        deliveries[index].delivered = delivered
    }

    /// Nothing is sent afterwards. Waiting deliveries are not cancelled but find `stopped` when they
    /// wake: cancelling a request in flight can deadlock URLSession in this toolchain's Foundation.
    func stop() {
        stopped = true
        running = [:]
    }
}
