import Synchronization

/// Which integrations' jobs a sync engine may claim, and whether it runs its account's scheduler.
///
/// On SQLite one process owns everything. On PostgreSQL a `ClusterWorker` grants an engine the
/// integrations whose advisory locks its process holds, and takes them back: gracefully (the
/// engine stops claiming the integration, the jobs in hand finish, then the lock is released) or,
/// when the lock connection fails, all at once. The engine counts, per integration, the claims in
/// progress and the jobs running, so a release never hands over an integration while this process
/// is still calling its channel.
public final class JobOwnership: Sendable {
    /// What one claim may take: nil for any integration.
    struct Claim: Sendable {
        let integrations: Set<String>?
    }

    private struct State {
        var everything: Bool
        var owned: Set<String> = []
        var releasing: Set<String> = []
        /// Claims in progress plus jobs running, per integration.
        var inUse: [String: Int] = [:]
        var scheduling: Bool
    }

    private let state: Mutex<State>

    /// Owns every integration and runs the scheduler: the single process of an SQLite hub.
    public static func everything() -> JobOwnership { JobOwnership(everything: true) }

    /// Owns nothing until granted: an engine of a `ClusterWorker`.
    public static func granted() -> JobOwnership { JobOwnership(everything: false) }

    private init(everything: Bool) {
        state = Mutex(State(everything: everything, scheduling: everything))
    }

    /// True for the single-process owner of everything.
    public var ownsEverything: Bool { state.withLock { $0.everything } }

    /// The integrations this engine claims jobs of now.
    public var owned: Set<String> { state.withLock { $0.owned } }

    /// Integrations being handed over: no longer claimed, jobs in hand still finishing.
    public var releasing: Set<String> { state.withLock { $0.releasing } }

    /// True while the engine runs its account's scheduler.
    public var isScheduling: Bool { state.withLock { $0.scheduling } }

    // MARK: - Engine side

    /// Starts a claim; nil when nothing is owned. Until `endClaim`, every integration the claim
    /// may take counts as in use.
    func beginClaim() -> Claim? {
        state.withLock { state in
            if state.everything { return Claim(integrations: nil) }
            guard !state.owned.isEmpty else { return nil }
            for integration in state.owned { state.inUse[integration, default: 0] += 1 }
            return Claim(integrations: state.owned)
        }
    }

    /// Ends a claim; the integration of the job it took (if any) stays in use until `finished`.
    func endClaim(_ claim: Claim, took integration: String?) {
        guard let integrations = claim.integrations else { return }
        state.withLock { state in
            for other in integrations where other != integration { state.inUse[other, default: 1] -= 1 }
        }
    }

    /// A job taken by a claim has finished (completed, retried or interrupted).
    func finished(_ claim: Claim, integration: String) {
        guard claim.integrations != nil else { return }
        state.withLock { state in state.inUse[integration, default: 1] -= 1 }
    }

    // MARK: - Coordinator side

    /// The engine may claim this integration's jobs from now on.
    public func grant(_ integration: String) {
        state.withLock { state in
            state.releasing.remove(integration)
            state.owned.insert(integration)
        }
    }

    /// Stops claiming the integration's jobs; `isIdle` says when the jobs in hand are done.
    public func beginRelease(_ integration: String) {
        state.withLock { state in
            guard state.owned.remove(integration) != nil else { return }
            state.releasing.insert(integration)
        }
    }

    /// True when no claim in progress may take the integration's jobs and none of them is running.
    public func isIdle(_ integration: String) -> Bool {
        state.withLock { ($0.inUse[integration] ?? 0) <= 0 }
    }

    /// The integration's lock was released: it is no longer this engine's concern.
    public func endRelease(_ integration: String) {
        state.withLock { state in _ = state.releasing.remove(integration) }
    }

    /// Stops claiming everything at once and stops scheduling (the locks are gone).
    public func revokeAll() {
        state.withLock { state in
            state.owned = []
            state.releasing = []
            state.scheduling = false
        }
    }

    /// Starts or stops running the account's scheduler.
    public func setScheduling(_ scheduling: Bool) {
        state.withLock { $0.scheduling = scheduling }
    }
}
