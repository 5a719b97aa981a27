import Foundation

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
        var generator = BenchRandom(seed: seed)
        let first = min(1, killSeconds / 2)
        self.kills = (0..<kills).map { _ in Double.random(in: first...killSeconds, using: &generator) }.sorted()
        pauses = (0..<kills).map { _ in Double.random(in: 0.2...2, using: &generator) }
        victimDraws = (0..<kills).map { _ in generator.next() }
    }
}
