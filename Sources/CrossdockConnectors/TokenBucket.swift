import Foundation

/// A client-side token bucket per operation, matching a channel's usage plan (rate per second and
/// burst), so calls are spaced instead of answered with 429.
actor TokenBuckets {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private var buckets: [String: Bucket] = [:]
    private let plans: [String: (rate: Double, burst: Double)]

    init(plans: [String: (rate: Double, burst: Double)]) {
        self.plans = plans
    }

    /// Waits until the operation's bucket has a token, then takes it.
    func take(_ operation: String) async {
        guard let plan = plans[operation] else { return }
        while true {
            let now = ContinuousClock.now
            var bucket = buckets[operation] ?? Bucket(tokens: plan.burst, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(plan.burst, bucket.tokens + seconds * plan.rate)
            bucket.updated = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                buckets[operation] = bucket
                return
            }
            buckets[operation] = bucket
            let wait = (1 - bucket.tokens) / plan.rate
            try? await Task.sleep(for: .milliseconds(Int((wait * 1000).rounded(.up))))
        }
    }

    /// After a 429 the channel's bucket is empty, whatever ours says.
    func drain(_ operation: String) {
        buckets[operation] = Bucket(tokens: 0, updated: .now)
    }
}
