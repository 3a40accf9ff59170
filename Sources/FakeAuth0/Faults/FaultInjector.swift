import Foundation
import Synchronization

/// The tenant's injected faults (`tenant.faults`): the scenario's `faults` plus those added at run
/// time. Matching and scheduling live here; the server turns an `InjectedFault` into a response.
///
/// Faults are checked in the order they were added; the first whose match fits and whose schedule
/// fires takes the request. Each fault counts the requests its match fitted (`matched`) and those it
/// hit (`injected`); `after`, `times` and `probability` read those counts and the fault's own seeded
/// generator, so the same requests always meet the same faults. Every injection is recorded in the
/// journal as `fault.injected`.
public final class FaultInjector: Sendable {
    /// One active fault with its counters.
    struct Active {
        var id: String
        var spec: FaultSpec
        var glob: PathGlob?
        var matched = 0
        var injected = 0
        var random: SplitMix64
    }

    struct State {
        var faults: [Active] = []
        var nextNumber = 1
    }

    private let state = Mutex(State())
    private let config: TenantConfig
    private let journal: Journal?

    /// Starts with the scenario's `faults` (already validated with the scenario); records injections
    /// in `journal`.
    init(config: TenantConfig, journal: Journal? = nil) {
        self.config = config
        self.journal = journal
        for spec in config.scenario.faults { _ = try? add(spec) }
    }

    /// Back to the scenario's `faults`, with fresh hit counts (what a tenant reset does).
    func reseed() {
        state.withLock { $0 = State() }
        for spec in config.scenario.faults { _ = try? add(spec) }
    }

    /// Whether no fault is active: the server skips all fault work then.
    public var isEmpty: Bool { state.withLock { $0.faults.isEmpty } }

    /// Whether some active fault matches on client, user, connection or grant type (the server reads
    /// the body and resolves tokens only then).
    public var needsIdentity: Bool { state.withLock { $0.faults.contains { $0.spec.match.needsIdentity } } }

    /// Adds a fault after checking it; returns its id. Throws `invalid_request` naming every problem,
    /// `conflict` when the id is taken. Nothing is added when it throws.
    @discardableResult
    public func add(_ spec: FaultSpec) throws(OAuthError) -> String {
        let problems = FaultValidator.problems(
            spec, clients: Set(config.clients.keys), users: Set(config.users.subs),
            connections: Set(config.connections.keys))
        if !problems.isEmpty {
            throw .invalidRequest(problems.map { "\($0.path): \($0.reason)" }.joined(separator: "; "))
        }
        let result: Result<String, OAuthError> = state.withLock { state in
            guard state.faults.count < FaultLimits.maxFaults else {
                return .failure(.invalidRequest("At most \(FaultLimits.maxFaults) faults can be active"))
            }
            var id = spec.id ?? ""
            if spec.id == nil {
                repeat {
                    id = "flt_\(state.nextNumber)"
                    state.nextNumber += 1
                } while state.faults.contains { $0.id == id }
            } else if state.faults.contains(where: { $0.id == id }) {
                return .failure(.conflict("A fault with the id '\(id)' exists"))
            }
            state.faults.append(
                Active(
                    id: id, spec: spec, glob: spec.match.path.flatMap(PathGlob.init),
                    random: SplitMix64(seed: spec.seed)))
            return .success(id)
        }
        return try result.get()
    }

    /// Removes one fault.
    public func remove(_ id: String) throws(OAuthError) {
        let removed = state.withLock { state in
            let before = state.faults.count
            state.faults.removeAll { $0.id == id }
            return state.faults.count < before
        }
        if !removed { throw .notFound("No fault has the id '\(id)'") }
    }

    /// Removes every fault.
    public func clear() { state.withLock { $0.faults.removeAll() } }

    /// The active faults with their counters, in the order they are checked.
    public func list() -> [FaultView] {
        state.withLock { $0.faults.map(FaultView.init) }
    }

    /// The fault that takes `request`, if any, advancing the counters of every fault whose match fits
    /// up to and including it.
    public func decide(_ request: FaultRequest) -> InjectedFault? {
        let decided: (fault: InjectedFault, count: Int)? = state.withLock { state in
            for index in state.faults.indices {
                guard Self.fits(state.faults[index], request) else { continue }
                state.faults[index].matched += 1
                let fault = state.faults[index]
                if fault.matched <= fault.spec.after { continue }
                if let times = fault.spec.times, fault.injected >= times { continue }
                if let probability = fault.spec.probability,
                    state.faults[index].random.nextUnit() >= probability
                {
                    continue
                }
                state.faults[index].injected += 1
                return (
                    InjectedFault(id: fault.id, effect: fault.spec.effect, endpoints: request.endpoints),
                    fault.injected + 1
                )
            }
            return nil
        }
        guard let decided else { return nil }
        record(decided.fault, count: decided.count, request: request)
        return decided.fault
    }

    /// The `fault.injected` journal entry: which fault, the how-many-th injection, the request's
    /// endpoint kinds and the effect.
    private func record(_ fault: InjectedFault, count: Int, request: FaultRequest) {
        guard let journal, journal.isOn else { return }
        var effect =
            (try? JSONDecoder().decode(JSONValue.self, from: JSONEncoder.compact.encode(fault.effect))) ?? .null
        if case .object(var members) = effect {
            if members["drop"] == .bool(false) { members["drop"] = nil }
            if members["headers"] == .object([:]) { members["headers"] = nil }
            effect = .object(members)
        }
        var details: [String: JSONValue] = [
            "fault": .string(fault.id), "injected": .int(count),
            "endpoints": .array(request.endpoints.map(\.rawValue).sorted().map(JSONValue.string)),
            "effect": effect,
        ]
        if let connection = request.connection { details["connection"] = .string(connection) }
        if let grant = request.grantType { details["grant_type"] = .string(grant) }
        journal.record("fault.injected", client: request.client, user: request.user, details: details)
    }

    static func fits(_ fault: Active, _ request: FaultRequest) -> Bool {
        let match = fault.spec.match
        if let method = match.method, method.uppercased() != request.method.uppercased() { return false }
        if let glob = fault.glob, !glob.matches(request.path), !(request.routedPath.map(glob.matches) ?? false) {
            return false
        }
        if let endpoint = match.endpoint, !request.endpoints.contains(endpoint) { return false }
        if let grant = match.grantType, grant != request.grantType { return false }
        if let client = match.client, client != request.client { return false }
        if let user = match.user, user != request.user { return false }
        if let connection = match.connection, connection != request.connection { return false }
        return true
    }
}

/// A fault as the control API lists it: its definition and counters.
public struct FaultView: Sendable, Equatable {
    public var id: String
    public var spec: FaultSpec
    /// Requests its match fitted.
    public var matched: Int
    /// Requests it hit.
    public var injected: Int

    init(_ active: FaultInjector.Active) {
        id = active.id
        spec = active.spec
        matched = active.matched
        injected = active.injected
    }

    /// Injections left under `times`; nil when unlimited.
    public var remaining: Int? { spec.times.map { max(0, $0 - injected) } }
}

/// A small deterministic generator (SplitMix64) so a seeded `probability` repeats exactly.
struct SplitMix64: Sendable {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<1.
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
