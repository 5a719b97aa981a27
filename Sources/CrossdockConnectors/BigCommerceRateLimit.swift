import Foundation

/// Paces calls to one BigCommerce store from its rate-limit headers.
///
/// The store's quota is shared by all its apps and refreshed every window. After each response the
/// limiter remembers how many requests are left and when the window resets; when none are left,
/// the next call waits for the reset instead of spending a request on a 429.
actor BigCommerceRateLimit {
    private var requestsLeft: Int?
    private var resetAt: ContinuousClock.Instant?

    /// Waits until a request may be sent.
    func acquire() async {
        while let left = requestsLeft, left <= 0, let resetAt, resetAt > .now {
            let wait = resetAt - .now
            requestsLeft = nil
            try? await Task.sleep(for: wait)
        }
        if let left = requestsLeft { requestsLeft = left - 1 }
    }

    /// Learns the quota state from a response's headers.
    func observe(requestsLeft left: Int?, resetMilliseconds: Int?) {
        if let left { requestsLeft = left }
        if let resetMilliseconds { resetAt = .now + .milliseconds(resetMilliseconds) }
    }
}
