import Foundation

/// A failure queued by the control API for the next matching BigCommerce requests.
struct InjectedFault: Sendable {
    /// The status to answer with; `nil` only delays the request and then serves it normally.
    var status: Int?
    var remaining: Int
    /// `X-Rate-Limit-Time-Reset-Ms` of an injected 429.
    var resetMilliseconds: Int?
    var pathContains: String?
    var method: String?
    /// How long to wait before answering, to look like a slow or hanging server.
    var delayMilliseconds: Int?

    func matches(path: String, method requestMethod: String) -> Bool {
        if let pathContains, !path.contains(pathContains) { return false }
        if let method, method.uppercased() != requestMethod { return false }
        return remaining > 0
    }
}

/// What the traffic check decided for one request.
enum TrafficDecision: Sendable {
    case fault(InjectedFault, RequestWindow.Decision)
    case throttled(RequestWindow.Decision)
    case admitted(RequestWindow.Decision)
}

/// The per-store request quota and the queue of injected faults, consulted before every
/// BigCommerce call (control calls never come here).
actor BigCommerceTraffic {
    private var window: RequestWindow
    private var faults: [InjectedFault] = []
    /// Requests seen, by outcome, for tests and benchmarks.
    private(set) var counts = (admitted: 0, throttled: 0, faulted: 0)

    init(quota: Int, windowMilliseconds: Int) {
        window = RequestWindow(quota: quota, windowMilliseconds: windowMilliseconds)
    }

    func queue(_ fault: InjectedFault) {
        faults.append(fault)
    }

    func clearFaults() {
        faults = []
    }

    /// Injected faults come first and use no quota; then the window decides.
    func check(path: String, method: String, now: Date) -> TrafficDecision {
        if let index = faults.firstIndex(where: { $0.matches(path: path, method: method) }) {
            faults[index].remaining -= 1
            let fault = faults[index]
            if faults[index].remaining <= 0 { faults.remove(at: index) }
            let current = RequestWindow.Decision(
                allowed: false, quota: window.quota, left: 0, windowMilliseconds: window.windowMilliseconds,
                resetMilliseconds: fault.resetMilliseconds ?? window.windowMilliseconds)
            counts.faulted += 1
            return .fault(fault, current)
        }
        let decision = window.admit(at: now)
        if decision.allowed {
            counts.admitted += 1
        } else {
            counts.throttled += 1
        }
        return decision.allowed ? .admitted(decision) : .throttled(decision)
    }

    /// The window alone, for a request whose injected fault only delayed it.
    func admit(now: Date) -> RequestWindow.Decision {
        window.admit(at: now)
    }
}
