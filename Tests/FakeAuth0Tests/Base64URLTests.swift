import Foundation
import Testing

@testable import FakeAuth0

@Suite("base64url")
struct Base64URLTests {
    /// RFC 4648 §5 without padding, as JOSE writes it (expected values from Python's
    /// `urlsafe_b64encode(...).rstrip("=")`): every remainder length, and both letters that differ from
    /// base64's.
    @Test(
        "bytes encode as JOSE's base64url, without padding",
        arguments: [
            ([], ""),
            ([0xfb], "-w"),
            ([0xfb, 0xff], "-_8"),
            ([0xfb, 0xff, 0xbf], "-_-_"),
            ([0x3e, 0x3f], "Pj8"),
            (Array("fake-auth0".utf8), "ZmFrZS1hdXRoMA"),
        ] as [([UInt8], String)])
    func encodes(bytes: [UInt8], expected: String) {
        #expect(Data(bytes).base64URLEncodedString() == expected)
        #expect(Data([0] + bytes).dropFirst().base64URLEncodedString() == expected, "a slice encodes the same")
    }
}
