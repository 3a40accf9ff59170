import FakeFGA
import Foundation
import Testing

@Suite struct FGADSLParserTests {
    static let rag = """
        model
          schema 1.1

        # the RAG sample of the docs
        type user

        type doc
          relations
            define owner: [user]
            define viewer: [user, user:*]
        """

    @Test func parsesTheRAGModel() throws {
        let parsed = try FGADSLParser.parse(Self.rag)
        try FGAModelValidator.validate(parsed.model, lines: parsed.lines)
        #expect(parsed.model.types.map(\.name) == ["user", "doc"])
        let viewer = try #require(parsed.model.relation("viewer", on: "doc"))
        #expect(viewer.rewrite == .this)
        #expect(
            viewer.directTypes == [
                FGATypeRestriction(type: "user"), FGATypeRestriction(type: "user", wildcard: true),
            ])
        #expect(parsed.lines["doc#viewer"] == 10)
    }

    @Test func parsesOperatorsIntoRewrites() throws {
        let parsed = try FGADSLParser.parse(
            """
            model
              schema 1.1
            type user
            type group
              relations
                define member: [user, group#member]
            type folder
              relations
                define viewer: [user]
            type doc
              relations
                define parent: [folder]
                define blocked: [user]
                define editor: [user, group#member] or viewer from parent
                define viewer: ([user] or editor) but not blocked
            """)
        let editor = try #require(parsed.model.relation("editor", on: "doc"))
        #expect(
            editor.rewrite == .union([.this, .tupleToUserset(tupleset: "parent", computed: "viewer")]))
        #expect(editor.directTypes.last == FGATypeRestriction(type: "group", relation: "member"))
        let viewer = try #require(parsed.model.relation("viewer", on: "doc"))
        #expect(
            viewer.rewrite
                == .difference(base: .union([.this, .computed("editor")]), subtract: .computed("blocked")))
    }

    @Test func butNotMayNotBeFollowedByAnotherOperator() {
        #expect(
            throws: FGAModelError(line: 6, "'but not' cannot be followed by 'or' without parentheses")
        ) {
            try FGADSLParser.parse(
                """
                model
                  schema 1.1
                type user
                type doc
                  relations
                    define viewer: [user] but not blocked or owner
                """)
        }
    }

    @Test(arguments: [
        ("type user\n", 1, "the model must start with 'model' and 'schema 1.1'"),
        (
            "model\n  schema 1.0\ntype user\n", 2,
            "unsupported schema version '1.0': only schema 1.1 is supported"
        ),
        (
            "model\n  schema 1.1\ntype user\ntype doc\n  relations\n    define viewer: [user with recent]\n",
            6,
            "conditions ('with') are not supported by this fake"
        ),
        (
            "model\n  schema 1.1\ntype user\ncondition recent(x: int) {\n  x < 10\n}\n", 4,
            "conditions are not supported by this fake"
        ),
        (
            "model\n  schema 1.1\ntype user\ntype doc\n  relations\n    define viewer: [user] or owner and editor\n",
            6,
            "cannot mix 'or' and 'and' without parentheses"
        ),
        (
            "model\n  schema 1.1\ntype user\ntype doc\n  relations\n    define viewer: [user]\n    define viewer: [user]\n",
            7, "duplicate relation 'viewer' in type 'doc'"
        ),
        (
            "model\n  schema 1.1\ntype user\n  define viewer: [user]\n", 4,
            "'define' must be inside a type's 'relations' block"
        ),
        ("model\n  schema 1.1\ntype user\ntype user\n", 4, "duplicate type 'user'"),
    ])
    func refusesBadSyntaxWithItsLine(text: String, line: Int, message: String) {
        #expect(throws: FGAModelError(line: line, message)) { try FGADSLParser.parse(text) }
    }

    @Test(arguments: [
        ("define viewer: [person]", "'doc#viewer' refers to the undefined type 'person'"),
        (
            "define viewer: [user, group#admin]",
            "'doc#viewer' refers to the undefined relation 'group#admin'"
        ),
        ("define viewer: owner", "'doc#viewer' refers to the undefined relation 'doc#owner'"),
        (
            "define viewer: viewer from parent",
            "'doc#viewer' uses the undefined tupleset relation 'doc#parent'"
        ),
        (
            "define viewer: viewer",
            "no entrypoints defined for type 'doc' relation 'viewer': no tuple can ever grant it (a cycle without a "
                + "direct assignment?)"
        ),
    ])
    func validationNamesTheLine(definition: String, message: String) throws {
        let parsed = try FGADSLParser.parse(
            "model\n  schema 1.1\ntype user\ntype group\n  relations\n    define member: [user]\ntype doc\n  relations\n"
                + "    \(definition)\n")
        #expect(throws: FGAModelError(line: 9, message)) {
            try FGAModelValidator.validate(parsed.model, lines: parsed.lines)
        }
    }

    @Test func jsonFormRoundTrips() throws {
        let parsed = try FGADSLParser.parse(
            """
            model
              schema 1.1
            type user
            type folder
              relations
                define viewer: [user, user:*]
            type doc
              relations
                define parent: [folder]
                define blocked: [user]
                define viewer: ([user] or viewer from parent) but not blocked
            """)
        let data = try JSONEncoder().encode(FGAModelJSON(parsed.model))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"directly_related_user_types\""))
        #expect(text.contains("\"tupleToUserset\""))
        let decoded = try JSONDecoder().decode(FGAModelJSON.self, from: data).model()
        for type in parsed.model.types {
            for relation in type.relations {
                #expect(decoded.relation(relation.name, on: type.name) == relation)
            }
        }
    }

    @Test func jsonModelWithConditionsIsRefused() throws {
        let json = """
            {"schema_version":"1.1","type_definitions":[{"type":"user"}],
             "conditions":{"c":{"name":"c","expression":"x < 1"}}}
            """
        let decoded = try JSONDecoder().decode(FGAModelJSON.self, from: Data(json.utf8))
        #expect(throws: FGAModelError("conditions are not supported by this fake")) {
            try decoded.model()
        }
    }
}
