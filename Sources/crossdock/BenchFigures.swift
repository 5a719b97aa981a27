import Foundation

/// The figures of one catalogue benchmark and the goals of issue 3. Pure: computed from readings.
struct BenchFigures {
    static let pageSize = 250
    static let windowSeconds = 30
    static let requestsRatioGoal = 1.02
    static let wallRatioGoal = 1.05
    static let peakResidentGoalMegabytes = 250.0

    var products: Int
    /// Catalogue entries the hub stored: simple products, parents and variants.
    var skus: Int
    var requests: Int
    var throttled: Int
    var wallSeconds: Double
    var cpuMicroseconds: Int64
    var peakResidentKilobytes: Int
    var plan: BenchPlan

    /// R = ⌈N/250⌉, the fewest requests that can read the catalogue.
    var minimumRequests: Int { (products + Self.pageSize - 1) / Self.pageSize }

    /// (⌈R/Q⌉ − 1) × 30 s: the start of the window in which the last of R requests may be sent.
    var earliestLastRequestSeconds: Int {
        ((minimumRequests + plan.quota - 1) / plan.quota - 1) * Self.windowSeconds
    }

    var requestsRatio: Double { Double(requests) / Double(max(1, minimumRequests)) }

    /// Nil when the whole catalogue fits in the first window, so there is nothing to compare with.
    var wallRatio: Double? {
        earliestLastRequestSeconds > 0 ? wallSeconds / Double(earliestLastRequestSeconds) : nil
    }

    var cpuMicrosecondsPerSKU: Double { Double(cpuMicroseconds) / Double(max(1, skus)) }

    /// VmHWM in MiB.
    var peakResidentMegabytes: Double { Double(peakResidentKilobytes) / 1024 }

    /// The figures that missed their goal, by key.
    var missedGoals: [String] {
        var missed: [String] = []
        if requestsRatio > Self.requestsRatioGoal { missed.append("requests_ratio") }
        if let wallRatio, wallRatio > Self.wallRatioGoal { missed.append("wall_ratio") }
        if peakResidentMegabytes > Self.peakResidentGoalMegabytes { missed.append("peak_rss_mb") }
        return missed
    }

    /// The final `key=value` line.
    var line: String {
        let missed = missedGoals
        let pairs: [(String, String)] = [
            ("products", String(products)), ("skus", String(skus)), ("requests", String(requests)),
            ("requests_ratio", Self.format(requestsRatio, digits: 4)), ("wall_s", Self.format(wallSeconds, digits: 1)),
            ("wall_ratio", wallRatio.map { Self.format($0, digits: 3) } ?? "n/a"),
            ("cpu_us_per_sku", Self.format(cpuMicrosecondsPerSKU, digits: 1)),
            ("peak_rss_mb", Self.format(peakResidentMegabytes, digits: 1)), ("throttled", String(throttled)),
            ("goals", missed.isEmpty ? "met" : "missed(\(missed.joined(separator: ",")))"),
        ]
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
    }

    static func format(_ value: Double, digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}

/// This process's use of CPU and memory, as the kernel counts it.
enum ProcessUsage {
    /// User plus system CPU time of all threads so far, in microseconds.
    static func cpuMicroseconds() -> Int64 {
        var usage = rusage()
        guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
        let user = Int64(usage.ru_utime.tv_sec) * 1_000_000 + Int64(usage.ru_utime.tv_usec)
        let system = Int64(usage.ru_stime.tv_sec) * 1_000_000 + Int64(usage.ru_stime.tv_usec)
        return user + system
    }

    /// Peak resident set size (`VmHWM` in /proc/self/status), in kB.
    static func peakResidentKilobytes() -> Int? {
        statusField("VmHWM")
    }

    static func residentKilobytes() -> Int? {
        statusField("VmRSS")
    }

    /// Lowers the peak resident size to the current one (Linux `clear_refs` value 5), so that a later
    /// peak shows the import alone and not the catalogue generation before it. False when refused.
    static func resetPeakResident() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    private static func statusField(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            return line.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap { Int($0) }
        }
        return nil
    }
}
