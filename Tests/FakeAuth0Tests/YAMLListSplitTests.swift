import Foundation
import Testing

@testable import FakeAuth0

/// A big text's longest top-level list composed in two parts at once reads exactly as the whole text
/// composed in one pass, and the cut is refused where it could change the meaning.
@Suite struct YAMLListSplitTests {
    /// A scenario-like text: a mapping before the list, `count` users (one in `tricky` steps with a
    /// multi-line quoted scalar, a flow list over lines, a block scalar, comments), a mapping after it.
    static func text(users count: Int, indent: Int = 2, tricky: Int = 7, lineEnd: String = "\n") -> String {
        let pad = String(repeating: " ", count: indent)
        var lines = ["# scenario", "tenant:", "  name: split", "users:"]
        for index in 0..<count {
            lines.append("\(pad)- sub: auth0|user\(index)")
            lines.append("\(pad)  email: 'user\(index)@example.com'")
            guard index % tricky == 3 else { continue }
            switch index / tricky % 5 {
            case 0:
                lines.append("\(pad)  name: \"Name \\\" \(index)")
                lines.append("\(pad)- sub: not-an-item\(index)\"")
            case 1:
                lines.append("\(pad)  note: 'it''s")
                lines.append("\(pad)- still the note'")
            case 2:
                lines.append("\(pad)  scopes: [openid,")
                lines.append("\(pad)email]  # a comment")
            case 3:
                lines.append("\(pad)  bio: |")
                lines.append("\(pad)    - a line of text")
                lines.append("# a comment at the margin")
            default:
                lines.append("\(pad)  # a comment at the item's indentation")
                lines.append("")
                lines.append("\(pad)  name: a - b # not a quote")
            }
        }
        lines += ["clients:", "  - id: web", "    type: m2m", "    secret: s"]
        return lines.joined(separator: lineEnd) + lineEnd
    }

    static func composed(_ text: String, split: Bool) throws -> YAMLValue? {
        try YAMLValue.compose(text, splitAbove: split ? 0 : .max)?.value
    }

    @Test(arguments: [0, 2, 4])
    func splitReadsAsOnePass(indent: Int) throws {
        for lineEnd in ["\n", "\r\n"] {
            let text = Self.text(users: 400, indent: indent, lineEnd: lineEnd)
            let split = try #require(YAMLListSplit(text, above: 0))
            #expect(split.key == "users")
            #expect(split.items == 400)
            #expect(!split.tail.isEmpty && split.head.utf8.count + split.tail.utf8.count == text.utf8.count)
            let whole = try #require(try Self.composed(text, split: false))
            let parts = try #require(try YAMLValue.composeParts(of: split)?.value)  // not composed whole
            #expect(parts.same(as: whole))
            #expect(try #require(try Self.composed(text, split: true)).same(as: whole))
            #expect(
                try YAMLValue.compose(text, splitAbove: 0)?.count == YAMLValue.compose(text, splitAbove: .max)?.count)
        }
    }

    @Test func theCutIsAnItemStartOutsideQuotes() throws {
        let text = Self.text(users: 200, tricky: 1)
        let split = try #require(YAMLListSplit(text, above: 0))
        #expect(split.tail.hasPrefix("  - sub: auth0|user"))
        #expect(split.items == 200)
    }

    @Test(arguments: [
        "users:\n  - &a {sub: one}\n  - *a\n",
        "%YAML 1.1\n---\nusers:\n  - a\n  - b\n",
        "users:\n  - a\n\t- b\n",
        "users: |\n  - a\n  - b\n",
        "users: [a,\n  b]\n",
        "users:\n  - a\nother: 1\n",
        "  users:\n  - a\n  - b\n",
        "list:\n  key: value\n",
    ])
    func refusesWhatItCannotCut(text: String) {
        #expect(YAMLListSplit(text, above: 0) == nil)
    }

    @Test func smallTextsAreNotCut() {
        let text = Self.text(users: 10)
        #expect(YAMLListSplit(text, above: text.utf8.count) == nil)
        #expect(YAMLListSplit(text, above: text.utf8.count - 1) != nil)
    }

    /// A quote that libyaml reads as text in a plain scalar but the scanner takes for an opening one:
    /// the scanner then counts fewer items than libyaml composes, and the whole text is composed in one
    /// pass instead.
    @Test func aMiscountedListIsComposedWhole() throws {
        var text = "users:\n"
        for index in 0..<100 {
            text += "  - sub: user\(index)\n"
            if index == 10 { text += "    name: a - \"b\n" }
        }
        let split = try #require(YAMLListSplit(text, above: 0))
        let whole = try #require(try Self.composed(text, split: false))
        guard case .mapping(let pairs) = whole, case .sequence(let users) = pairs[0].value else {
            Issue.record("not a list of users")
            return
        }
        #expect(users.count == 100)
        #expect(split.items != users.count)
        #expect(try YAMLValue.composeParts(of: split) == nil)
        #expect(try #require(try Self.composed(text, split: true)).same(as: whole))
    }

    /// A quoted scalar after a tag spans lines like any other: a line in it is not an item.
    @Test func aTaggedQuotedScalarIsNotCut() throws {
        var text = "users:\n"
        for index in 0..<100 {
            text += "  - sub: user\(index)\n"
            if index % 10 == 4 { text += "    name: !!str \"a\n  - b\"\n" }
        }
        text += "clients:\n  - id: \"web\"\n"
        let split = try #require(YAMLListSplit(text, above: 0))
        #expect(split.items == 100)
        let whole = try #require(try Self.composed(text, split: false))
        #expect(try #require(try YAMLValue.composeParts(of: split)?.value).same(as: whole))
    }

    @Test func errorsReadAsInOnePass() {
        var text = Self.text(users: 300)
        text = text.replacingOccurrences(of: "  - sub: auth0|user250\n", with: "  - sub: [auth0|user250\n")
        let split = YAMLListSplit(text, above: 0)
        #expect(split != nil)
        let whole = #expect(throws: (any Error).self) { try Self.composed(text, split: false) }
        let parts = #expect(throws: (any Error).self) { try Self.composed(text, split: true) }
        #expect(whole.map { "\($0)" } == parts.map { "\($0)" })
        #expect(whole != nil)
    }

    @Test func aBigScenarioLoadsTheSameInParts() throws {
        let text = Self.text(users: 3000, tricky: 100_000)  // one multi-line quoted name
        let split = try #require(YAMLListSplit(text, above: YAMLValue.splitAbove))
        #expect(split.items == 3000)
        let scenario = try ScenarioLoader.load(yaml: text, file: "big.yaml")
        #expect(scenario.users.count == 3000)
        #expect(scenario.users.first?.sub == "auth0|user0")
        #expect(scenario.users.last?.sub == "auth0|user2999")
        #expect(scenario.users[3].name == "Name \" 3 - sub: not-an-item3")
    }
}

extension YAMLValue {
    /// The same document: same scalars (text, style, tag), same pairs in the same order, same lists.
    func same(as other: YAMLValue) -> Bool {
        switch (self, other) {
        case (.scalar(let a), .scalar(let b)):
            return a.text == b.text && a.style == b.style && a.tag == b.tag
        case (.mapping(let a), .mapping(let b)):
            return a.count == b.count
                && zip(a, b).allSatisfy { $0.key.same(as: $1.key) && $0.value.same(as: $1.value) }
        case (.sequence(let a), .sequence(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.same(as: $1) }
        default:
            return false
        }
    }
}
