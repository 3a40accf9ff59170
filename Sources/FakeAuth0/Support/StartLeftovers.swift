import Foundation
import Synchronization

/// Big values a start is done with (a big scenario's parse tree, the vault rows it seeded), freed once
/// the process is serving: on two cores, freeing hundreds of thousands of objects on another thread
/// takes a core from the rest of the start. `serving()` frees them; so does `longestWait`, for
/// processes that never serve (`validate`, tests). Once either happened, values are freed at once, on
/// a thread of their own.
public final class StartLeftovers: Sendable {
    /// The process's own.
    public static let shared = StartLeftovers(longestWait: 1)

    private struct State {
        var over = false
        var kept: [any Sendable] = []
    }

    private let state = Mutex(State())
    private let longestWait: TimeInterval

    init(longestWait: TimeInterval) {
        self.longestWait = longestWait
    }

    /// Keeps `value` alive until the start is over; the caller's own reference may go at once.
    func keep(_ value: any Sendable) {
        let over = state.withLock { state in
            if !state.over { state.kept.append(value) }
            return state.over
        }
        if over {
            Thread.detachNewThread { withExtendedLifetime(value) {} }
        } else {
            Thread.detachNewThread { [self] in
                Thread.sleep(forTimeInterval: longestWait)
                release()
            }
        }
    }

    /// The process serves: what the start kept is freed (on the calling thread), later values at once.
    public func serving() {
        release()
    }

    private func release() {
        let kept = state.withLock { state in
            state.over = true
            defer { state.kept = [] }
            return state.kept
        }
        withExtendedLifetime(kept) {}
    }
}
