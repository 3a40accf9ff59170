import Foundation
import Testing

@testable import FakeAuth0

@Suite("what a start keeps for later")
struct StartLeftoversTests {
    final class Probe: Sendable {}

    /// A weak hold on a probe that only `leftovers` keeps.
    final class Watch {
        weak var probe: Probe?

        init(keptBy leftovers: StartLeftovers) {
            let value = Probe()
            probe = value
            leftovers.keep(value)
        }

        /// Waits (2 s at most) until the probe is gone: a value kept after the start is freed on a thread.
        func gone() async throws -> Bool {
            for _ in 0..<400 where probe != nil { try await Task.sleep(for: .milliseconds(5)) }
            return probe == nil
        }
    }

    @Test("a kept value outlives its last reference until the process serves; later ones go at once")
    func freedOnceServing() async throws {
        let leftovers = StartLeftovers(longestWait: 60)
        let first = Watch(keptBy: leftovers)
        #expect(first.probe != nil)
        leftovers.serving()
        #expect(first.probe == nil)
        #expect(try await Watch(keptBy: leftovers).gone())
    }

    @Test("kept values are freed after the longest wait when the process never serves")
    func freedWithoutServing() async throws {
        #expect(try await Watch(keptBy: StartLeftovers(longestWait: 0.05)).gone())
    }
}
