import Foundation

/// SplitMix64: a small seeded generator, so that the same `--seed` gives the same kill moments,
/// victims and pauses on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// When the harness places orders and kills processes, in seconds from the start of the run.
/// Pure: the same settings give the same plan.
struct BenchOrdersPlan {
    /// Order `i` is placed at `placements[i]` on account `i mod accounts`.
    let placements: [Double]
    /// The moments of the kills, in order.
    let kills: [Double]
    /// How long each killed process stays down before it is started again.
    let pauses: [Double]
    /// A number per kill from which the victim is picked among the processes alive at that moment.
    let victimDraws: [UInt64]

    /// Orders are spread evenly over `placingSeconds`; kills at random over `killSeconds`, starting
    /// one second in; restarts after 0.2 to 2 seconds.
    init(orders: Int, kills: Int, placingSeconds: Double, killSeconds: Double, seed: UInt64) {
        placements = (0..<orders).map { Double($0) * placingSeconds / Double(max(1, orders)) }
        var generator = SeededGenerator(seed: seed)
        let first = min(1, killSeconds / 2)
        self.kills = (0..<kills).map { _ in Double.random(in: first...killSeconds, using: &generator) }.sorted()
        pauses = (0..<kills).map { _ in Double.random(in: 0.2...2, using: &generator) }
        victimDraws = (0..<kills).map { _ in generator.next() }
    }
}
