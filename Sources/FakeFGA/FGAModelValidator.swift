import Foundation

/// Checks a parsed model the way OpenFGA does before accepting it: known types and relations, type restrictions
/// that match the rewrites, tupleset relations that are direct, and an entrypoint for every relation.
public enum FGAModelValidator {
    /// Throws the first problem found; `lines` (from the DSL parser) adds the line of the offending definition.
    public static func validate(_ model: FGAModel, lines: [String: Int] = [:]) throws(FGAModelError) {
        guard model.schemaVersion == "1.1" else {
            throw FGAModelError(
                "unsupported schema version '\(model.schemaVersion)': only schema 1.1 is supported")
        }
        guard !model.types.isEmpty else { throw FGAModelError("the model defines no type") }
        var seen = Set<String>()
        for type in model.types {
            guard FGAName.isValid(type.name) else {
                throw FGAModelError(line: lines[type.name], "invalid type name '\(type.name)'")
            }
            guard seen.insert(type.name).inserted else {
                throw FGAModelError(line: lines[type.name], "duplicate type '\(type.name)'")
            }
            var relationNames = Set<String>()
            for relation in type.relations {
                let line = lines["\(type.name)#\(relation.name)"]
                guard FGAName.isValid(relation.name), relationNames.insert(relation.name).inserted else {
                    throw FGAModelError(
                        line: line, "invalid or duplicate relation '\(relation.name)' in type '\(type.name)'")
                }
                try validate(relation, of: type, in: model, line: line)
            }
        }
        try checkEntrypoints(model, lines: lines)
    }

    private static func validate(
        _ relation: FGARelation, of type: FGATypeDefinition, in model: FGAModel, line: Int?
    )
        throws(FGAModelError)
    {
        let name = "\(type.name)#\(relation.name)"
        if relation.rewrite.hasThis, relation.directTypes.isEmpty {
            throw FGAModelError(line: line, "'\(name)' is directly assignable but lists no allowed type")
        }
        if !relation.rewrite.hasThis, !relation.directTypes.isEmpty {
            throw FGAModelError(
                line: line, "'\(name)' lists allowed types but is not directly assignable")
        }
        for restriction in relation.directTypes {
            guard model.type(restriction.type) != nil else {
                throw FGAModelError(
                    line: line, "'\(name)' refers to the undefined type '\(restriction.type)'")
            }
            if let userRelation = restriction.relation,
                model.relation(userRelation, on: restriction.type) == nil
            {
                throw FGAModelError(
                    line: line,
                    "'\(name)' refers to the undefined relation '\(restriction.type)#\(userRelation)'")
            }
        }
        try validate(relation.rewrite, name: name, type: type, in: model, line: line)
    }

    private static func validate(
        _ rewrite: FGARewrite, name: String, type: FGATypeDefinition, in model: FGAModel, line: Int?
    ) throws(FGAModelError) {
        switch rewrite {
        case .this:
            return
        case .computed(let other):
            guard type.relation(other) != nil else {
                throw FGAModelError(
                    line: line, "'\(name)' refers to the undefined relation '\(type.name)#\(other)'")
            }
        case .tupleToUserset(let tupleset, let computed):
            guard let tuplesetRelation = type.relation(tupleset) else {
                throw FGAModelError(
                    line: line, "'\(name)' uses the undefined tupleset relation '\(type.name)#\(tupleset)'")
            }
            guard tuplesetRelation.rewrite == .this,
                !tuplesetRelation.directTypes.contains(where: { $0.relation != nil })
            else {
                throw FGAModelError(
                    line: line,
                    "'\(name)': the tupleset relation '\(tupleset)' in '\(computed) from \(tupleset)' must be directly "
                        + "assignable to objects only (no usersets, no rewrite)")
            }
            let targets = tuplesetRelation.directTypes.filter { !$0.wildcard }
            guard targets.contains(where: { model.relation(computed, on: $0.type) != nil }) else {
                throw FGAModelError(
                    line: line,
                    "'\(name)': '\(computed) from \(tupleset)' refers to a relation '\(computed)' that none of "
                        + "the types of '\(type.name)#\(tupleset)' defines")
            }
        case .union(let children), .intersection(let children):
            for child in children { try validate(child, name: name, type: type, in: model, line: line) }
        case .difference(let base, let subtract):
            try validate(base, name: name, type: type, in: model, line: line)
            try validate(subtract, name: name, type: type, in: model, line: line)
        }
    }

    /// Every relation must be satisfiable by some tuple: a fixpoint over the rewrites.
    private static func checkEntrypoints(_ model: FGAModel, lines: [String: Int])
        throws(FGAModelError)
    {
        var reachable = Set<String>()
        var changed = true
        while changed {
            changed = false
            for type in model.types {
                for relation in type.relations where !reachable.contains("\(type.name)#\(relation.name)") {
                    if hasEntrypoint(
                        relation.rewrite, relation: relation, type: type, model: model, reachable: reachable)
                    {
                        reachable.insert("\(type.name)#\(relation.name)")
                        changed = true
                    }
                }
            }
        }
        for type in model.types {
            for relation in type.relations where !reachable.contains("\(type.name)#\(relation.name)") {
                throw FGAModelError(
                    line: lines["\(type.name)#\(relation.name)"],
                    "no entrypoints defined for type '\(type.name)' relation '\(relation.name)': no tuple can ever "
                        + "grant it (a cycle without a direct assignment?)")
            }
        }
    }

    private static func hasEntrypoint(
        _ rewrite: FGARewrite, relation: FGARelation, type: FGATypeDefinition, model: FGAModel,
        reachable: Set<String>
    ) -> Bool {
        switch rewrite {
        case .this:
            return relation.directTypes.contains { restriction in
                guard let userRelation = restriction.relation else { return true }
                return reachable.contains("\(restriction.type)#\(userRelation)")
            }
        case .computed(let other):
            return reachable.contains("\(type.name)#\(other)")
        case .tupleToUserset(let tupleset, let computed):
            let targets = type.relation(tupleset)?.directTypes ?? []
            return targets.contains { reachable.contains("\($0.type)#\(computed)") }
        case .union(let children):
            return children.contains {
                hasEntrypoint($0, relation: relation, type: type, model: model, reachable: reachable)
            }
        case .intersection(let children):
            return children.allSatisfy {
                hasEntrypoint($0, relation: relation, type: type, model: model, reachable: reachable)
            }
        case .difference(let base, _):
            return hasEntrypoint(base, relation: relation, type: type, model: model, reachable: reachable)
        }
    }
}
