import Foundation
import Synchronization

/// Work over a long list done in two halves at once, on two threads: what a start does for each of a
/// big scenario's users (reading them, making their vault accounts). Short lists are done in one pass.
enum TwoHalves {
    /// The lists `part` makes for the first and the second half of `0..<count`, joined in order, when
    /// `count` is over `threshold`; otherwise `part(0..<count)`. The first half's error comes first, as
    /// in one pass.
    static func map<T: Sendable>(
        _ count: Int, above threshold: Int, _ part: @Sendable (Range<Int>) throws -> [T]
    ) throws -> [T] {
        guard count > threshold else { return try part(0..<max(count, 0)) }
        let bounds = [0..<count / 2, count / 2..<count]
        let halves = Mutex<[Result<[T], any Error>?]>([nil, nil])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let half = Result { try part(bounds[index]) }
            halves.withLock { $0[index] = half }
        }
        let results = halves.withLock { $0 }
        guard let first = results[0], let second = results[1] else { preconditionFailure("both halves ran") }
        return try first.get() + second.get()
    }
}
