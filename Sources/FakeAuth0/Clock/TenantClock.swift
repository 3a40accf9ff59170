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

    /// Moves the clock forward (or back, with a negative value). The clock stays between 1970 and the
    /// end of 9999 (`Limits.latestTime`), so every time it shows converts to an `Int` of milliseconds.
    public func advance(by seconds: TimeInterval) {
        guard seconds.isFinite else { return }
        state.withLock { state in
            let current = state.frozenAt ?? Date().addingTimeInterval(state.offset)
            let target = min(max(current.timeIntervalSince1970 + seconds, 0), TimeInterval(Limits.latestTime))
            let step = target - current.timeIntervalSince1970
            if let frozen = state.frozenAt {
                state.frozenAt = frozen.addingTimeInterval(step)
            } else {
                state.offset += step
            }
        }
    }

    /// Moves the clock by a whole number of seconds from outside (the control API): at most ten years
    /// either way, and never before 1970 or past 9999; anything else is `invalid_request`.
    public func advance(seconds: Int) throws(OAuthError) {
        guard (-Limits.maxSeconds...Limits.maxSeconds).contains(seconds) else {
            throw .invalidRequest(
                "seconds must be a whole number between -\(Limits.maxSeconds) and \(Limits.maxSeconds)")
        }
        guard (0...Limits.latestTime).contains(nowSeconds() + seconds) else {
            throw .invalidRequest("The clock cannot be moved before 1970 or past 9999")
        }
        advance(by: TimeInterval(seconds))
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
