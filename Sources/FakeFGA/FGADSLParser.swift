import Foundation

/// Parses the OpenFGA modelling language (schema 1.1) into an ``FGAModel``.
///
/// Supported: `model` / `schema 1.1`, `type`, `relations`, `define`, direct type restrictions (`[user, user:*,
/// group#member]`), computed usersets, `X from Y`, `or`, `and`, `but not`, parentheses and `#` comment lines.
/// Conditions (`with`, `condition`) and modular models (`module`, `extend type`) are refused with a clear error.
public enum FGADSLParser {
    /// A parsed model and the line each `type#relation` was defined on.
    public struct Result: Sendable {
        /// The model (not yet validated: see ``FGAModelValidator``).
        public var model: FGAModel
        /// `type#relation` (and `type`) to the 1-based line it was defined on.
        public var lines: [String: Int]
    }

    /// Parses DSL text; errors carry the 1-based line.
    public static func parse(_ text: String) throws(FGAModelError) -> Result {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines = lines.map { stripComment($0) }
        var index = 0
        var sawModel = false
        var sawSchema = false
        var types: [FGATypeDefinition] = []
        var definedLines: [String: Int] = [:]
        var inRelations = false

        func nextDefinition(startingAt start: Int) throws(FGAModelError) -> (text: String, next: Int) {
            var text = lines[start]
            var end = start
            while bracketDepth(text) > 0 {
                end += 1
                guard end < lines.count else { throw FGAModelError(line: start + 1, "unclosed '[' or '('") }
                text += " " + lines[end]
            }
            return (text, end + 1)
        }

        while index < lines.count {
            let lineNumber = index + 1
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
            let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let keyword = words.first else {
                index += 1
                continue
            }
            switch keyword {
            case "model":
                guard !sawModel, types.isEmpty, words.count == 1 else {
                    throw FGAModelError(
                        line: lineNumber, "'model' must appear once, alone on its line, before any type")
                }
                sawModel = true
            case "schema":
                guard sawModel, !sawSchema, types.isEmpty else {
                    throw FGAModelError(line: lineNumber, "'schema' must follow 'model'")
                }
                guard words.count == 2 else {
                    throw FGAModelError(line: lineNumber, "expected 'schema 1.1'")
                }
                guard words[1] == "1.1" else {
                    throw FGAModelError(
                        line: lineNumber,
                        "unsupported schema version '\(words[1])': only schema 1.1 is supported")
                }
                sawSchema = true
            case "module", "extend":
                throw FGAModelError(line: lineNumber, "modular models ('\(keyword)') are not supported")
            case "condition":
                throw FGAModelError(line: lineNumber, "conditions are not supported by this fake")
            case "type":
                guard sawModel, sawSchema else {
                    throw FGAModelError(
                        line: lineNumber, "the model must start with 'model' and 'schema 1.1'")
                }
                guard words.count == 2, FGAName.isValid(words[1]), isIdentifier(words[1]) else {
                    throw FGAModelError(line: lineNumber, "expected 'type <name>'")
                }
                types.append(FGATypeDefinition(name: words[1]))
                definedLines[words[1]] = lineNumber
                inRelations = false
            case "relations":
                guard !types.isEmpty, words.count == 1 else {
                    throw FGAModelError(line: lineNumber, "'relations' must follow a 'type' line")
                }
                guard !inRelations, types[types.count - 1].relations.isEmpty else {
                    throw FGAModelError(
                        line: lineNumber, "duplicate 'relations' in type '\(types[types.count - 1].name)'")
                }
                inRelations = true
            case "define":
                guard inRelations, !types.isEmpty else {
                    throw FGAModelError(
                        line: lineNumber, "'define' must be inside a type's 'relations' block")
                }
                let (definitionText, next) = try nextDefinition(startingAt: index)
                let relation = try parseDefine(definitionText, line: lineNumber)
                let typeName = types[types.count - 1].name
                if types[types.count - 1].relation(relation.name) != nil {
                    throw FGAModelError(
                        line: lineNumber, "duplicate relation '\(relation.name)' in type '\(typeName)'")
                }
                types[types.count - 1].relations.append(relation)
                definedLines["\(typeName)#\(relation.name)"] = lineNumber
                index = next
                continue
            default:
                throw FGAModelError(line: lineNumber, "unexpected '\(keyword)'")
            }
            index += 1
        }
        guard sawModel, sawSchema else {
            throw FGAModelError(line: 1, "the model must start with 'model' and 'schema 1.1'")
        }
        if let lineNumber = firstDuplicateType(types, lines: definedLines) {
            throw FGAModelError(line: lineNumber.line, "duplicate type '\(lineNumber.name)'")
        }
        return Result(model: FGAModel(types: types), lines: definedLines)
    }

    private static func firstDuplicateType(_ types: [FGATypeDefinition], lines: [String: Int]) -> (
        name: String, line: Int?
    )? {
        var seen = Set<String>()
        for type in types where !seen.insert(type.name).inserted {
            return (type.name, lines[type.name])
        }
        return nil
    }

    /// Removes a `#` comment: a `#` at the start of the line or after whitespace (`group#member` is kept).
    private static func stripComment(_ line: String) -> String {
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if character == "#", previous == " " || previous == "\t" { return String(line[..<index]) }
            previous = character
        }
        return line
    }

    private static func bracketDepth(_ text: String) -> Int {
        text.reduce(0) { depth, character in
            switch character {
            case "[", "(": depth + 1
            case "]", ")": depth - 1
            default: depth
            }
        }
    }

    static func isIdentifier(_ word: String) -> Bool {
        !word.isEmpty
            && word.allSatisfy {
                $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." || $0 == "/"
            }
    }

    // MARK: define

    private static func parseDefine(_ text: String, line: Int) throws(FGAModelError) -> FGARelation {
        let body = text.trimmingCharacters(in: .whitespaces).dropFirst("define".count)
        guard let colon = body.firstIndex(of: ":") else {
            throw FGAModelError(line: line, "expected 'define <relation>: <definition>'")
        }
        let name = body[..<colon].trimmingCharacters(in: .whitespaces)
        guard isIdentifier(name), FGAName.isValid(name) else {
            throw FGAModelError(line: line, "invalid relation name '\(name)'")
        }
        var parser = ExpressionParser(
            tokens: try tokenize(String(body[body.index(after: colon)...]), line: line), line: line)
        let rewrite = try parser.parseExpression(allowDirect: true)
        guard parser.atEnd else {
            throw FGAModelError(
                line: line, "unexpected '\(parser.peek ?? "")' in the definition of '\(name)'")
        }
        return FGARelation(name: name, rewrite: rewrite, directTypes: parser.directTypes)
    }

    private static func tokenize(_ text: String, line: Int) throws(FGAModelError) -> [String] {
        var tokens: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { tokens.append(current) }
            current = ""
        }
        for character in text {
            switch character {
            case " ", "\t", "\r":
                flush()
            case "[", "]", "(", ")", ",", ":", "#", "*":
                flush()
                tokens.append(String(character))
            default:
                guard character.isLetter || character.isNumber || "_-./".contains(character) else {
                    throw FGAModelError(line: line, "unexpected character '\(character)'")
                }
                current.append(character)
            }
        }
        flush()
        return tokens
    }

    /// Recursive descent over one definition's tokens, following the grammar's one-operator-per-level rule.
    private struct ExpressionParser {
        var tokens: [String]
        let line: Int
        var position = 0
        var directTypes: [FGATypeRestriction] = []
        var sawDirect = false

        init(tokens: [String], line: Int) {
            self.tokens = tokens
            self.line = line
        }

        var atEnd: Bool { position >= tokens.count }
        var peek: String? { atEnd ? nil : tokens[position] }

        mutating func take() -> String? {
            guard let token = peek else { return nil }
            position += 1
            return token
        }

        mutating func expect(_ token: String) throws(FGAModelError) {
            guard take() == token else { throw FGAModelError(line: line, "expected '\(token)'") }
        }

        mutating func parseExpression(allowDirect: Bool) throws(FGAModelError) -> FGARewrite {
            let first = try parsePrimary(allowDirect: allowDirect)
            guard let op = peek, ["or", "and", "but"].contains(op) else { return first }
            var children = [first]
            if op == "but" {
                _ = take()
                try expect("not")
                let subtract = try parsePrimary(allowDirect: false)
                if let extra = peek, ["or", "and", "but"].contains(extra) {
                    throw FGAModelError(
                        line: line, "'but not' cannot be followed by '\(extra)' without parentheses")
                }
                return .difference(base: first, subtract: subtract)
            }
            while let next = peek, next == op {
                _ = take()
                children.append(try parsePrimary(allowDirect: false))
            }
            if let other = peek, ["or", "and", "but"].contains(other) {
                throw FGAModelError(line: line, "cannot mix '\(op)' and '\(other)' without parentheses")
            }
            return op == "or" ? .union(children) : .intersection(children)
        }

        mutating func parsePrimary(allowDirect: Bool) throws(FGAModelError) -> FGARewrite {
            guard let token = take() else {
                throw FGAModelError(line: line, "incomplete relation definition")
            }
            switch token {
            case "[":
                guard allowDirect, !sawDirect else {
                    throw FGAModelError(
                        line: line,
                        "direct type restrictions ([...]) must come first and only once in a definition")
                }
                sawDirect = true
                try parseRestrictions()
                return .this
            case "(":
                let inner = try parseExpression(allowDirect: allowDirect)
                try expect(")")
                return inner
            default:
                guard isIdentifier(token), !["or", "and", "but", "not", "from", "with"].contains(token)
                else {
                    throw FGAModelError(line: line, "unexpected '\(token)'")
                }
                if peek == "from" {
                    _ = take()
                    guard let tupleset = take(), isIdentifier(tupleset) else {
                        throw FGAModelError(line: line, "expected a relation name after 'from'")
                    }
                    return .tupleToUserset(tupleset: tupleset, computed: token)
                }
                return .computed(token)
            }
        }

        mutating func parseRestrictions() throws(FGAModelError) {
            while true {
                guard let type = take(), isIdentifier(type) else {
                    throw FGAModelError(line: line, "expected a type name in '[...]'")
                }
                var restriction = FGATypeRestriction(type: type)
                if peek == ":" {
                    _ = take()
                    guard take() == "*" else { throw FGAModelError(line: line, "expected '\(type):*'") }
                    restriction.wildcard = true
                } else if peek == "#" {
                    _ = take()
                    guard let relation = take(), isIdentifier(relation) else {
                        throw FGAModelError(line: line, "expected a relation after '\(type)#'")
                    }
                    restriction.relation = relation
                }
                if peek == "with" {
                    throw FGAModelError(line: line, "conditions ('with') are not supported by this fake")
                }
                if directTypes.contains(restriction) {
                    throw FGAModelError(line: line, "duplicate type restriction '\(restriction)'")
                }
                directTypes.append(restriction)
                switch take() {
                case ",": continue
                case "]": return
                default: throw FGAModelError(line: line, "expected ',' or ']' in type restrictions")
                }
            }
        }
    }
}
