import Foundation

/// BigCommerce's per-store request quota: a fixed window that starts with the first request
/// and refills completely when it ends (CHANNELS.md §1.3).
struct RequestWindow: Sendable {
    /// What the window decided for one request, with the values of the four rate-limit headers.
    struct Decision: Sendable, Equatable {
        var allowed: Bool
        var quota: Int
        var left: Int
        var windowMilliseconds: Int
        var resetMilliseconds: Int
    }

    let quota: Int
    /// The window length in real time, already divided by the time scale.
    let windowMilliseconds: Int
    private var windowStart: Date?
    private var used = 0

    init(quota: Int, windowMilliseconds: Int) {
        self.quota = quota
        self.windowMilliseconds = max(1, windowMilliseconds)
    }

    mutating func admit(at now: Date) -> Decision {
        let length = TimeInterval(windowMilliseconds) / 1000
        if let start = windowStart, now.timeIntervalSince(start) < length {
            // Still inside the current window.
        } else {
            windowStart = now
            used = 0
        }
        let elapsedMilliseconds = Int((now.timeIntervalSince(windowStart ?? now) * 1000).rounded())
        let reset = max(0, windowMilliseconds - elapsedMilliseconds)
        guard used < quota else {
            return Decision(
                allowed: false, quota: quota, left: 0, windowMilliseconds: windowMilliseconds, resetMilliseconds: reset)
        }
        used += 1
        return Decision(
            allowed: true, quota: quota, left: quota - used, windowMilliseconds: windowMilliseconds,
            resetMilliseconds: reset)
    }
}

/// A token bucket, as SP-API's usage plans describe: `rate` tokens per second up to `burst`.
struct TokenBucket: Sendable {
    let rate: Double
    let burst: Double
    private var tokens: Double
    private var updated: Date?

    init(rate: Double, burst: Int) {
        self.rate = rate
        self.burst = Double(burst)
        tokens = Double(burst)
    }

    /// Takes one token if there is one.
    mutating func take(at now: Date) -> Bool {
        if let updated {
            tokens = min(burst, tokens + max(0, now.timeIntervalSince(updated)) * rate)
        }
        updated = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}

/// The SP-API operations the sandbox serves, with their default usage plans (CHANNELS.md §2.3).
enum AmazonOperation: String, Sendable, CaseIterable {
    case getOrders, getOrder, getOrderItems, getOrderAddress, getOrderBuyerInfo, confirmShipment
    case getListingsItem, putListingsItem, patchListingsItem, deleteListingsItem, searchListingsItems
    case getMarketplaceParticipations

    /// Requests per second.
    var rate: Double {
        switch self {
        case .getOrders: 0.0167
        case .getOrder, .getOrderItems, .getOrderAddress, .getOrderBuyerInfo: 0.5
        case .confirmShipment: 2
        case .getListingsItem, .putListingsItem, .patchListingsItem, .deleteListingsItem, .searchListingsItems: 5
        case .getMarketplaceParticipations: 0.016
        }
    }

    var burst: Int {
        switch self {
        case .getOrders: 20
        case .getOrder, .getOrderItems, .getOrderAddress, .getOrderBuyerInfo: 30
        case .confirmShipment: 10
        case .getListingsItem, .putListingsItem: 10
        case .patchListingsItem, .deleteListingsItem, .searchListingsItems: 5
        case .getMarketplaceParticipations: 15
        }
    }
}
