import Foundation

/// Paces calls to one BigCommerce store from its rate-limit headers.
///
/// The store's quota is shared by all its apps and refreshed every window. After each response the
/// limiter remembers how many requests are left and when the window resets. When what is left
/// falls to the part of the quota kept for the merchant's other apps, the next call waits for the
/// reset instead of spending a request on a 429.
actor BigCommerceRateLimit {
    /// The fraction of the store's quota this hub may use (1 = all of it).
    private let share: Double
    private var requestsLeft: Int?
    private var quota: Int?
    private var resetAt: ContinuousClock.Instant?

    init(share: Double = 1) {
        self.share = min(1, max(0.05, share))
    }

    /// Requests left in a window that the hub leaves to other apps.
    private var reserve: Int {
        guard let quota else { return 0 }
        return Int((Double(quota) * (1 - share)).rounded(.down))
    }

    /// Waits until a request may be sent.
    func acquire() async {
        while let left = requestsLeft, left <= reserve, let resetAt, resetAt > .now {
            let wait = resetAt - .now
            requestsLeft = nil
            try? await Task.sleep(for: wait)
        }
        if let left = requestsLeft { requestsLeft = left - 1 }
    }

    /// Learns the quota state from a response's headers.
    ///
    /// With several requests in flight, answers arrive out of order: within one window the count
    /// only goes down, so the lower of the remembered and the reported figure is kept.
    func observe(requestsLeft left: Int?, quota: Int?, resetMilliseconds: Int?) {
        if let left {
            let sameWindow = resetAt.map { $0 > .now } ?? false
            requestsLeft = sameWindow ? min(requestsLeft ?? left, left) : left
        }
        if let quota { self.quota = quota }
        if let resetMilliseconds { resetAt = .now + .milliseconds(resetMilliseconds) }
    }
}
