import CrossdockSandbox
import Foundation

/// The figures of one `crossdock bench orders` run, computed from the sandboxes' audits. Pure.
struct BenchOrdersFigures {
    var orders: Int
    var accounts: Int
    var workers: Int
    var engine: String
    var timeScale: Double
    var seed: UInt64
    var kills: Int
    var unexpectedExits: Int
    /// One audit per account, taken after the run settled or timed out.
    var audits: [RoutingAudit]
    var settled: Bool
    /// From the first placement until every placed order had a BigCommerce order; nil if that never happened.
    var routingSeconds: Double?
    /// From the last kill (or the last placement, without kills) until settled.
    var convergeSeconds: Double?
    /// From the first placement until settled, or until the timeout.
    var wallSeconds: Double

    var duplicates: Int { audits.reduce(0) { $0 + $1.duplicated.count } }
    var lost: Int { audits.reduce(0) { $0 + $1.lost.count } }
    var trackingMissing: Int { audits.reduce(0) { $0 + $1.trackingMissing.count } }
    var routed: Int { audits.reduce(0) { $0 + $1.routed } }
    var shipments: Int { audits.reduce(0) { $0 + $1.shipments } }

    /// Whether the three invariants hold: no duplicate, nothing lost, no tracking missing.
    var holds: Bool { duplicates == 0 && lost == 0 && trackingMissing == 0 }

    /// Orders routed per second from the first placement until the last was routed.
    var routedPerSecond: Double? {
        routingSeconds.map { Double(routed) / max($0, 0.001) }
    }

    /// The final `key=value` line.
    var line: String {
        let pairs: [(String, String)] = [
            ("orders", String(orders)), ("accounts", String(accounts)), ("workers", String(workers)),
            ("database", engine), ("time_scale", Self.number(timeScale)), ("seed", String(seed)),
            ("kills", String(kills)), ("unexpected_exits", String(unexpectedExits)), ("routed", String(routed)),
            ("shipments", String(shipments)), ("duplicates", String(duplicates)), ("lost", String(lost)),
            ("tracking_missing", String(trackingMissing)),
            ("routing_s", routingSeconds.map { Self.format($0, digits: 1) } ?? "n/a"),
            ("routed_per_s", routedPerSecond.map { Self.format($0, digits: 1) } ?? "n/a"),
            ("converge_s", convergeSeconds.map { Self.format($0, digits: 1) } ?? "n/a"),
            ("wall_s", Self.format(wallSeconds, digits: 1)), ("settled", settled ? "yes" : "no"),
            ("invariants", holds ? "held" : "broken"),
        ]
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
    }

    /// What broke, by Amazon and BigCommerce order, for the lines above the figures; at most `limit` each.
    func problems(limit: Int = 10) -> [String] {
        var lines: [String] = []
        for (index, audit) in audits.enumerated() {
            let account = "account \(index + 1)"
            if !audit.duplicated.isEmpty {
                lines.append(
                    "\(account): Amazon orders with more than one BigCommerce order: "
                        + Self.list(audit.duplicated, limit))
            }
            if !audit.lost.isEmpty {
                lines.append("\(account): Amazon orders with no BigCommerce order: " + Self.list(audit.lost, limit))
            }
            if !audit.trackingMissing.isEmpty {
                lines.append(
                    "\(account): shipped BigCommerce orders (Amazon order) whose tracking is not on Amazon: "
                        + Self.list(audit.trackingMissing.map(\.description), limit))
            }
            if audit.awaitingShipment > 0 {
                lines.append(
                    "\(account): BigCommerce orders the warehouse had not shipped yet: \(audit.awaitingShipment)")
            }
        }
        return lines
    }

    private static func list(_ items: [String], _ limit: Int) -> String {
        items.prefix(limit).joined(separator: ", ") + (items.count > limit ? " and \(items.count - limit) more" : "")
    }

    /// 20 as "20", 2.5 as "2.5", 1.25 as "1.2": at most one decimal, none when whole.
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : format(value, digits: 1)
    }

    static func format(_ value: Double, digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}
