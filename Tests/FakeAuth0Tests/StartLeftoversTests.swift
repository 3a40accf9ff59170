import Foundation
import Testing

@testable import FakeAuth0

@Suite("what a start keeps for later")
struct StartLeftoversTests {
    final class Probe: Sendable {}

    /// Waits (2 s at most) until `probe` is gone: a value kept after the start is freed on a thread.
    static func gone(_ probe: () -> Probe?) async throws -> Bool {
        for _ in 0..<400 where probe() != nil { try await Task.sleep(for: .milliseconds(5)) }
        return probe() == nil
    }

    @Test("a kept value outlives its last reference until the process serves; later ones go at once")
    func freedOnceServing() async throws {
        let leftovers = StartLeftovers(longestWait: 60)
        weak var first: Probe?
        do {
            let value = Probe()
            first = value
            leftovers.keep(value)
        }
        #expect(first != nil)
        leftovers.serving()
        #expect(first == nil)

        weak var later: Probe?
        do {
            let value = Probe()
            later = value
            leftovers.keep(value)
        }
        #expect(try await Self.gone { later })
    }

    @Test("kept values are freed after the longest wait when the process never serves")
    func freedWithoutServing() async throws {
        let leftovers = StartLeftovers(longestWait: 0.05)
        weak var probe: Probe?
        do {
            let value = Probe()
            probe = value
            leftovers.keep(value)
        }
        #expect(try await Self.gone { probe })
    }
}
