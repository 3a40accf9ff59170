import Foundation
import Synchronization

/// The tenant's virtual clock: real time plus an offset that tests can advance, or a frozen instant.
///
/// Every expiry (tokens, refresh tokens, and later codes and CIBA requests) reads this clock, so a test
/// advances it instead of sleeping.
public final class TenantClock: Sendable {
    struct State {
        var offset: TimeInterval = 0
        var frozenAt: Date?
    }

    private let state = Mutex(State())

    public init() {}

    /// The tenant's current time.
    public func now() -> Date {
        state.withLock { $0.frozenAt ?? Date().addingTimeInterval($0.offset) }
    }

    /// The tenant's current time in whole seconds since 1970, as JWTs carry it.
    public func nowSeconds() -> Int { Int(now().timeIntervalSince1970) }

    /// Moves the clock forward (or back, with a negative value).
    public func advance(by seconds: TimeInterval) {
        state.withLock { state in
            if let frozen = state.frozenAt {
                state.frozenAt = frozen.addingTimeInterval(seconds)
            } else {
                state.offset += seconds
            }
        }
    }

    /// Stops the clock at its current time until `resume()`.
    public func freeze() {
        state.withLock { state in
            if state.frozenAt == nil { state.frozenAt = Date().addingTimeInterval(state.offset) }
        }
    }

    /// Lets a frozen clock run again from where it stopped.
    public func resume() {
        state.withLock { state in
            if let frozen = state.frozenAt {
                state.offset = frozen.timeIntervalSinceNow
                state.frozenAt = nil
            }
        }
    }

    /// Back to real time, running (what a tenant's clock is when it starts).
    public func reset() {
        state.withLock { $0 = State() }
    }

    /// Whether the clock is frozen.
    public var isFrozen: Bool { state.withLock { $0.frozenAt != nil } }
}
