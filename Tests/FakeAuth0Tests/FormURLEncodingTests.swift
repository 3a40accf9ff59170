import Foundation
import Testing

@testable import FakeAuth0

/// Form components are decoded in one pass; the result must be Foundation's `removingPercentEncoding`
/// of the text with `+` read as a space, for every input, malformed ones included.
@Suite("form components decoded as Foundation decodes them")
struct FormURLEncodingTests {
    static let pieces = [
        "a", "Z", "0", "+", " ", "%", "%2", "%20", "%2B", "%2b", "%zz", "%G0", "%0g", "%00", "%7F", "%80", "%C3",
        "%C3%A9", "%c3%a9", "%E2%82%AC", "%F0%9F%98%80", "%ED%A0%80", "%FF", "é", "😀", "&", "=", "-", "_", ".", "~",
        "%%", "%25", "%2525", "/", "%2F",
    ]

    @Test("hand-picked components")
    func handPicked() {
        for piece in Self.pieces {
            let text = "x" + piece + "y"
            #expect(
                FormURLEncoding.decodeEscapes(text[...]) == FormURLEncoding.spaced(text[...]).removingPercentEncoding,
                "\(text)")
        }
    }

    @Test("seeded random components of those pieces")
    func random() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var checked = 0
        for _ in 0..<5000 {
            let text = (0..<(next() % 6 + 1)).map { _ in Self.pieces[next() % Self.pieces.count] }.joined()
            let expected = FormURLEncoding.spaced(text[...]).removingPercentEncoding
            #expect(FormURLEncoding.decodeEscapes(text[...]) == expected, "\(text)")
            if expected == nil { checked += 1 }
        }
        // both outcomes are exercised
        #expect(checked > 100 && checked < 4900)
    }
}
