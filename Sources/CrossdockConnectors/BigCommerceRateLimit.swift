import Foundation

/// Paces calls to one BigCommerce store from its rate-limit headers.
///
/// The store's quota is shared by all its apps and refreshed every window. After each response the
/// limiter remembers how many requests are left and when the window resets. When what is left
/// falls to the part of the quota kept for the merchant's other apps, the next call waits for the
/// reset instead of spending a request on a 429.
///
/// A response says how many requests were left when the store admitted it; requests sent after it
/// and still unanswered may have been admitted since. So the limiter counts the requests in flight
/// and takes that many off each reported figure: with several pages requested at once, the last
/// requests of a window then wait for the reset instead of being refused.
actor BigCommerceRateLimit {
    /// The fraction of the store's quota this hub may use (1 = all of it).
    private let share: Double
    private var requestsLeft: Int?
    private var quota: Int?
    private var resetAt: ContinuousClock.Instant?
    /// Requests sent and not yet answered.
    private var inFlight = 0

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
            try? await Task.sleep(for: resetAt - .now)
            // A new window, whose quota is unknown until a response says. Until the reset, every
            // other caller waits here too: forgetting the count before sleeping would let them
            // through into the spent window.
            if let current = self.resetAt, current <= .now { requestsLeft = nil }
        }
        if let left = requestsLeft { requestsLeft = left - 1 }
        inFlight += 1
    }

    /// Forgets a request that got no answer (the connection failed), so it is no longer in flight.
    func abandon() {
        inFlight = max(0, inFlight - 1)
    }

    /// Learns the quota state from a response's headers.
    ///
    /// With several requests in flight, answers arrive out of order: within one window the count
    /// only goes down, so the lower of the remembered and the reported figure is kept.
    func observe(requestsLeft left: Int?, quota: Int?, resetMilliseconds: Int?) {
        inFlight = max(0, inFlight - 1)
        if let left {
            let sameWindow = resetAt.map { $0 > .now } ?? false
            let bound = left - inFlight
            requestsLeft = sameWindow ? min(requestsLeft ?? bound, bound) : bound
        }
        if let quota { self.quota = quota }
        if let resetMilliseconds { resetAt = .now + .milliseconds(resetMilliseconds) }
    }
}
