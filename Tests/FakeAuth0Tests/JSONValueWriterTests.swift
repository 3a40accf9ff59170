import Foundation
import Testing

@testable import FakeAuth0

/// The writer against `JSONEncoder.compact`, byte for byte, on hand-picked and on pseudo-random values.
@Suite("JSON text of a JSONValue")
struct JSONValueWriterTests {
    /// What the encoder writes, or nil when it throws.
    static func encoderBytes(_ value: JSONValue) -> [UInt8]? {
        (try? JSONEncoder.compact.encode(value)).map { Array($0) }
    }

    static func expectSameBytes(_ value: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = encoderBytes(value)
        let written = JSONValueWriter.bytes(of: value)
        let same = written == expected
        #expect(
            same,
            "writer: \(text(written)) encoder: \(text(expected))",
            sourceLocation: sourceLocation)
    }

    /// Bytes as text for a failure message, control characters visible.
    static func text(_ bytes: [UInt8]?) -> String {
        bytes.map { String(decoding: $0, as: UTF8.self).debugDescription } ?? "(refused)"
    }

    static let controlCharacters = String(String.UnicodeScalarView((0...0x1F).compactMap(Unicode.Scalar.init)))

    static let edgeCases: [JSONValue] = [
        .string(controlCharacters), .string("\u{7F}"), "\"", "\\", "/", "\\\"/\\/", "http://example.com/a/b",
        "😀", "👩‍👩‍👧‍👦", "\u{10FFFF}", "e\u{301}", "a\u{301}\u{302}\u{303}", "\u{2028}\u{2029}", "\u{FEFF}", "",
        "tab\there\r\nnew", .array([]), .object([:]), .array([.array([]), .object([:])]),
        .object(["": "empty key", "a": .array([.int(1), .null, .bool(true), .bool(false)])]),
        .int(Int.min), .int(Int.max), .int(0), .int(-1), .int(10), .int(1_000_000_007),
        .object(["a10": 1, "a9": 2, "B": 3, "a": 4, "é": 5, "e": 6, "f": 7, "": 8, "A": 9, "a1": 10, "a01": 11]),
        .object(["e\u{301}": 1, "f": 2, "\u{FF01}": 3, "😀": 4, "ß": 5, "ss": 6, "\u{0}": 7, " ": 8, "~": 9]),
        .object(["10": 1, "9": 2, "x y": 3, "x-y": 4, "x_y": 5, "ab": 6, "aB": 7, "Ab": 8, "\u{7F}": 9, "\"": 10]),
        .object(["outer": .object(["inner": .array([.object(["z": "/", "y": .double(0.5)])])])]),
        .double(1.0), .double(0.1), .double(1e300), .double(-0.0), .double(0.0), .double(.leastNonzeroMagnitude),
        .double(1e16),
        .double(1e15), .double(Double(123_456_789_012_345_678 as Int)), .double(-2.5e-7), .double(1e-5), .double(1e21),
        .double(Double.greatestFiniteMagnitude), .double(-Double.greatestFiniteMagnitude),
        .double(Double.leastNormalMagnitude), .double(Double(9_007_199_254_740_993 as Int)), .double(3.0e10),
        .double(100),
        .double(.nan), .double(.infinity), .double(-.infinity), .array([1, .double(.nan)]),
        .object(["n": .object(["m": .double(.infinity)])]),
    ]

    @Test("hand-picked edge cases come out as JSONEncoder.compact writes them")
    func edgeCasesMatchTheEncoder() {
        for value in Self.edgeCases { Self.expectSameBytes(value) }
        for scalar in (0...0x7F).compactMap(Unicode.Scalar.init) {
            Self.expectSameBytes(.object([String(scalar): .string("<\(scalar)>")]))
        }
    }

    @Test("a character to escape at every offset of a long string, among plain and non-ASCII characters")
    func escapesAtEveryOffset() {
        let specials = (0...0x1F).compactMap { Unicode.Scalar($0).map(String.init) } + ["\"", "\\", "/", "\u{7F}"]
        for filler in ["a", "~", "\u{7F}", "é", "😀", "\u{2028}"] {
            for offset in 0..<24 {
                for special in specials {
                    let text = String(repeating: filler, count: offset) + special + String(repeating: filler, count: 9)
                    Self.expectSameBytes(.string(text))
                }
            }
        }
    }

    @Test("nesting: as deep as the encoder goes, and one level deeper refused by both")
    func nestingLimit() {
        for depth in [JSONValueWriter.maximumDepth - 1, JSONValueWriter.maximumDepth, JSONValueWriter.maximumDepth + 1]
        {
            var array: JSONValue = "leaf"
            var object: JSONValue = .null
            for _ in 0..<depth {
                array = .array([array])
                object = .object(["k": object])
            }
            #expect(JSONValueWriter.bytes(of: array) != nil || depth > JSONValueWriter.maximumDepth)
            Self.expectSameBytes(array)
            Self.expectSameBytes(object)
        }
    }

    @Test("4000 seeded pseudo-random values come out as JSONEncoder.compact writes them")
    func randomValuesMatchTheEncoder() {
        var generator = RandomJSON(seed: 0x5EED_1234_ABCD_0042)
        for _ in 0..<4000 { Self.expectSameBytes(generator.value(depth: 4)) }
    }

    @Test("description is the writer's text, and null for a value JSON cannot write")
    func descriptionUsesTheWriter() {
        let value: JSONValue = ["b": "/x", "a": [1, true, .null]]
        #expect(value.description == #"{"a":[1,true,null],"b":"/x"}"#)
        #expect(JSONValue.object(["x": .double(.nan)]).description == "null")
        #expect(value.jsonBytes == Array(value.description.utf8))
    }

    @Test("a signed token's payload is the claims' sorted compact JSON and decodes to the same claims")
    func signedPayloadDecodesToTheClaims() async throws {
        let ring = try await SigningKeyRing(
            records: [SigningKeyRecord(kid: "", pem: TestKeys.signing, createdAt: 0)], clock: TenantClock(),
            store: nil)
        let claims = ClaimSet([
            "iss": "https://tenant.example.com/", "sub": "auth0|alice", "aud": ["https://api.example.com/", "x"],
            "iat": 1_700_000_000, "exp": 1_700_086_400, "scope": "openid profile", "azp": "client-1",
            "https://example.com/roles": ["admin", "réviseur \"ü\""], "nested": ["z": .null, "a": .double(0.25)],
        ])
        let token = try ring.sign(claims)
        let segments = token.split(separator: ".")
        try #require(segments.count == 3)
        var base64 = segments[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        let payload = try #require(Data(base64Encoded: base64))
        #expect(payload == (try JSONEncoder.compact.encode(claims)))
        #expect(try JSONDecoder().decode(ClaimSet.self, from: payload) == claims)
        #expect(try await ring.verifySignature(token) == claims)
        #expect(jwtParts(token).payload == claims.claims)
    }
}

/// Pseudo-random JSON values from a fixed seed (SplitMix64), with strings and keys drawn from characters
/// that JSON writers tend to get wrong.
struct RandomJSON {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    static let pool: [String] =
        (0...0x1F).compactMap { Unicode.Scalar($0).map(String.init) } + [
            "\u{7F}", "\"", "\\", "/", "a", "A", "z", "Z", "0", "1", "9", "10", " ", "~", "-", "_", ".", "é",
            "e\u{301}",
            "\u{301}", "ß", "ω", "😀", "👩‍👩‍👧", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FF01}", "\u{E000}", "\u{10FFFF}",
            "中", "\u{85}", "\u{A0}",
        ]

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func string(maxLength: Int) -> String {
        (0..<below(maxLength + 1)).map { _ in Self.pool[below(Self.pool.count)] }.joined()
    }

    mutating func double() -> Double {
        switch below(4) {
        case 0: return Double(bitPattern: next())
        case 1: return Double(Int64(bitPattern: next()) >> below(64))
        case 2: return Double(below(2_000_001) - 1_000_000) / Double([1, 10, 100, 1000, 1e7][below(5)])
        default: return Double(sign: below(2) == 0 ? .plus : .minus, exponent: below(2100) - 1075, significand: 1)
        }
    }

    mutating func value(depth: Int) -> JSONValue {
        switch below(depth > 0 ? 9 : 6) {
        case 0: return .string(string(maxLength: 30))
        case 1: return .int(Int(bitPattern: UInt(next())) >> below(64))
        case 2: return .double(double())
        case 3: return .bool(below(2) == 0)
        case 4: return .null
        case 5: return .string(string(maxLength: 2))
        case 6: return .array((0..<below(5)).map { _ in value(depth: depth - 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<below(6) { members[string(maxLength: 4)] = value(depth: depth - 1) }
            return .object(members)
        }
    }
}
