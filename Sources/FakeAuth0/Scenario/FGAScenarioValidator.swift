import FakeFGA
import Foundation

/// A problem with one store of the `fga` section: the field (relative to the store) and why.
struct FGAConfigProblem: Error {
    var field: String
    var reason: String
}

/// The `fga` section's checks, reported as `file:path: reason` with the rest of the scenario's.
enum FGAScenarioValidator {
    static func problems(in config: FGAConfig, apis: [APIConfig], file: String) -> [ScenarioProblem] {
        var problems: [ScenarioProblem] = []
        func report(_ path: String, _ reason: String) {
            problems.append(.init(file: file, path: path, reason: reason))
        }
        if let audience = config.audience, !apis.contains(where: { $0.audience == audience }) {
            report("fga.audience", "no API has the audience '\(audience)' (add it to 'apis')")
        }
        if config.apiToken?.isEmpty == true { report("fga.api_token", "must not be empty") }
        if !config.stores.isEmpty, config.audience == nil, config.apiToken == nil {
            report("fga", "needs 'audience' or 'api_token' so that clients can authenticate")
        }
        var ids: [String: Int] = [:]
        for (i, store) in config.stores.enumerated() {
            let at = "fga.stores[\(i)]"
            if !(3...64).contains(store.name.count) { report("\(at).name", "must be 3 to 64 characters") }
            if let id = store.id {
                if !FGAULID.isValid(id) {
                    report("\(at).id", "'\(id)' is not a ULID (26 characters of 0-9, A-Z without I, L, O, U)")
                }
                if let first = ids[id] {
                    report("\(at).id", "duplicate store id '\(id)' (first at fga.stores[\(first)])")
                }
                ids[id] = ids[id] ?? i
            }
            if let modelID = store.modelID, !FGAULID.isValid(modelID) {
                report("\(at).model_id", "'\(modelID)' is not a ULID")
            }
            let model: FGAModel
            do {
                model = try store.parsedModel()
            } catch {
                report(error.field.isEmpty ? at : "\(at).\(error.field)", error.reason)
                continue
            }
            var seen = Set<FGATupleKey>()
            for (j, tuple) in store.tuples.enumerated() {
                do {
                    try model.validate(tuple.key)
                    if !seen.insert(tuple.key).inserted {
                        report("\(at).tuples[\(j)]", "duplicate tuple '\(tuple.key)'")
                    }
                } catch {
                    report("\(at).tuples[\(j)]", error.message)
                }
            }
        }
        return problems
    }
}
