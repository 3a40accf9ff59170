import FakeFGA
import Testing

/// A model, its tuples, and checks whose answers follow OpenFGA's documented semantics.
struct ConformanceCase: CustomTestStringConvertible, Sendable {
    let name: String
    let model: String
    let tuples: [String]
    let checks: [(query: String, expected: Bool)]
    var contextual: [String] = []

    var testDescription: String { name }
}

/// Parses `object#relation@user`.
func tuple(_ text: String) -> FGATupleKey {
    let at = text.lastIndex(of: "@")!
    let left = text[..<at]
    let hash = left.firstIndex(of: "#")!
    return FGATupleKey(
        object: String(left[..<hash]), relation: String(left[left.index(after: hash)...]),
        user: String(text[text.index(after: at)...]))
}

func evaluator(_ dsl: String, _ tuples: [String], contextual: [String] = []) throws -> FGAEvaluator {
    let parsed = try FGADSLParser.parse(dsl)
    try FGAModelValidator.validate(parsed.model, lines: parsed.lines)
    for key in tuples + contextual { try parsed.model.validate(tuple(key)) }
    return FGAEvaluator(
        model: parsed.model, tuples: FGATupleIndex(tuples.map(tuple)),
        contextualTuples: contextual.map(tuple))
}

let conformanceCases: [ConformanceCase] = [
    ConformanceCase(
        name: "direct assignment",
        model: """
            model
              schema 1.1
            type user
            type doc
              relations
                define viewer: [user]
            """,
        tuples: ["doc:1#viewer@user:anne"],
        checks: [
            ("doc:1#viewer@user:anne", true), ("doc:1#viewer@user:bob", false),
            ("doc:2#viewer@user:anne", false),
        ]),
    ConformanceCase(
        name: "typed wildcard",
        model: """
            model
              schema 1.1
            type user
            type doc
              relations
                define owner: [user]
                define viewer: [user, user:*]
            """,
        tuples: ["doc:public#viewer@user:*", "doc:1#viewer@user:anne"],
        checks: [
            ("doc:public#viewer@user:anne", true), ("doc:public#viewer@user:bob", true),
            ("doc:public#viewer@user:*", true), ("doc:1#viewer@user:*", false),
            ("doc:1#viewer@user:bob", false),
            ("doc:public#owner@user:anne", false),
        ]),
    ConformanceCase(
        name: "computed userset",
        model: """
            model
              schema 1.1
            type user
            type doc
              relations
                define owner: [user]
                define viewer: [user] or owner
            """,
        tuples: ["doc:1#owner@user:anne", "doc:1#viewer@user:bob"],
        checks: [
            ("doc:1#viewer@user:anne", true), ("doc:1#viewer@user:bob", true),
            ("doc:1#owner@user:bob", false),
        ]),
    ConformanceCase(
        name: "userset assignment",
        model: """
            model
              schema 1.1
            type user
            type group
              relations
                define member: [user]
            type doc
              relations
                define viewer: [user, group#member]
            """,
        tuples: ["group:eng#member@user:anne", "doc:1#viewer@group:eng#member"],
        checks: [
            ("doc:1#viewer@user:anne", true), ("doc:1#viewer@user:bob", false),
            ("doc:1#viewer@group:eng#member", true),
            ("doc:1#viewer@group:ops#member", false),
        ]),
    ConformanceCase(
        name: "nested groups and cycles",
        model: """
            model
              schema 1.1
            type user
            type group
              relations
                define member: [user, group#member]
            """,
        tuples: [
            "group:a#member@group:b#member", "group:b#member@group:a#member", "group:b#member@user:carl",
            "group:c#member@group:a#member",
        ],
        checks: [
            ("group:a#member@user:carl", true), ("group:c#member@user:carl", true),
            ("group:a#member@user:anne", false),
            ("group:b#member@user:anne", false),
        ]),
    ConformanceCase(
        name: "tupleset to userset",
        model: """
            model
              schema 1.1
            type user
            type folder
              relations
                define viewer: [user]
            type doc
              relations
                define parent: [folder]
                define viewer: [user] or viewer from parent
            """,
        tuples: ["folder:f#viewer@user:anne", "doc:1#parent@folder:f", "doc:2#viewer@user:bob"],
        checks: [
            ("doc:1#viewer@user:anne", true), ("doc:2#viewer@user:anne", false),
            ("doc:1#viewer@user:bob", false),
            ("doc:2#viewer@user:bob", true),
        ]),
    ConformanceCase(
        name: "three-level tupleset chain",
        model: """
            model
              schema 1.1
            type user
            type org
              relations
                define member: [user]
            type folder
              relations
                define parent: [org]
                define viewer: member from parent
            type doc
              relations
                define parent: [folder]
                define viewer: viewer from parent
            """,
        tuples: ["org:acme#member@user:anne", "folder:f#parent@org:acme", "doc:1#parent@folder:f"],
        checks: [
            ("doc:1#viewer@user:anne", true), ("folder:f#viewer@user:anne", true),
            ("doc:1#viewer@user:bob", false),
        ]),
    ConformanceCase(
        name: "intersection",
        model: """
            model
              schema 1.1
            type user
            type doc
              relations
                define allowed: [user]
                define viewer: [user] and allowed
            """,
        tuples: [
            "doc:1#viewer@user:anne", "doc:1#allowed@user:anne", "doc:1#viewer@user:bob",
            "doc:1#allowed@user:carl",
        ],
        checks: [
            ("doc:1#viewer@user:anne", true), ("doc:1#viewer@user:bob", false),
            ("doc:1#viewer@user:carl", false),
        ]),
    ConformanceCase(
        name: "exclusion with a public document",
        model: """
            model
              schema 1.1
            type user
            type doc
              relations
                define blocked: [user]
                define viewer: [user, user:*] but not blocked
            """,
        tuples: ["doc:public#viewer@user:*", "doc:public#blocked@user:anne"],
        checks: [("doc:public#viewer@user:anne", false), ("doc:public#viewer@user:bob", true)]),
    ConformanceCase(
        name: "parentheses mixing operators",
        model: """
            model
              schema 1.1
            type user
            type doc
              relations
                define blocked: [user]
                define editor: [user]
                define viewer: [user]
                define can_view: (viewer or editor) but not blocked
            """,
        tuples: [
            "doc:1#viewer@user:anne", "doc:1#editor@user:bob", "doc:1#editor@user:carl",
            "doc:1#blocked@user:carl",
        ],
        checks: [
            ("doc:1#can_view@user:anne", true), ("doc:1#can_view@user:bob", true),
            ("doc:1#can_view@user:carl", false),
            ("doc:1#can_view@user:dave", false),
        ]),
    ConformanceCase(
        name: "tupleset with a parent type lacking the relation",
        model: """
            model
              schema 1.1
            type user
            type team
              relations
                define member: [user]
            type folder
              relations
                define viewer: [user]
            type doc
              relations
                define parent: [folder, team]
                define viewer: viewer from parent
            """,
        tuples: [
            "doc:1#parent@team:t", "team:t#member@user:anne", "doc:1#parent@folder:f",
            "folder:f#viewer@user:bob",
        ],
        checks: [("doc:1#viewer@user:anne", false), ("doc:1#viewer@user:bob", true)]),
    ConformanceCase(
        name: "contextual tuples",
        model: """
            model
              schema 1.1
            type user
            type group
              relations
                define member: [user]
            type doc
              relations
                define viewer: [group#member]
            """,
        tuples: ["doc:1#viewer@group:eng#member"],
        checks: [("doc:1#viewer@user:anne", true), ("doc:1#viewer@user:bob", false)],
        contextual: ["group:eng#member@user:anne"]),
    ConformanceCase(
        name: "exclusion inside a group membership",
        model: """
            model
              schema 1.1
            type user
            type group
              relations
                define banned: [user]
                define member: [user, user:*] but not banned
            type doc
              relations
                define viewer: [group#member]
            """,
        tuples: [
            "group:all#member@user:*", "group:all#banned@user:eve", "doc:1#viewer@group:all#member",
        ],
        checks: [("doc:1#viewer@user:anne", true), ("doc:1#viewer@user:eve", false)]),
]

@Suite struct FGAConformanceTests {
    @Test(arguments: conformanceCases)
    func checksAnswerAsOpenFGA(_ testCase: ConformanceCase) throws {
        let fga = try evaluator(testCase.model, testCase.tuples, contextual: testCase.contextual)
        for (query, expected) in testCase.checks {
            let key = tuple(query)
            let allowed = try fga.check(user: key.user, relation: key.relation, object: key.object)
            #expect(allowed == expected, "\(testCase.name): \(query)")
        }
    }

    @Test func deepNestingFailsWithResolutionTooComplex() throws {
        let model = """
            model
              schema 1.1
            type user
            type group
              relations
                define member: [user, group#member]
            """
        var tuples = ["group:g0#member@user:anne"]
        for level in 1...30 { tuples.append("group:g\(level)#member@group:g\(level - 1)#member") }
        let fga = try evaluator(model, tuples)
        #expect(try fga.check(user: "user:anne", relation: "member", object: "group:g10"))
        #expect(throws: FGAError.resolutionTooComplex) {
            try fga.check(user: "user:anne", relation: "member", object: "group:g30")
        }
    }

    @Test func tuplesNoLongerAllowedByTheModelAreIgnored() throws {
        let fga = try evaluator(
            """
            model
              schema 1.1
            type user
            type employee
            type doc
              relations
                define viewer: [user]
            """, [])
        let stale = FGAEvaluator(
            model: fga.model, tuples: FGATupleIndex([tuple("doc:1#viewer@employee:x")]))
        #expect(try stale.check(user: "employee:x", relation: "viewer", object: "doc:1") == false)
    }
}
