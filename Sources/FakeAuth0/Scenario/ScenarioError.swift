import Foundation

/// One problem in a scenario file: which file, where inside it, and why.
public struct ScenarioProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// The key path inside the file, e.g. `clients[2].secret`; empty for the whole file.
    public var path: String
    public var reason: String

    public var description: String { "\(file):\(path.isEmpty ? "(root)" : path): \(reason)" }
}

/// A scenario that was refused, with every problem found in it.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var problems: [ScenarioProblem]

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Builds a readable key path such as `clients[2].secret` from a coding path.
func keyPath(_ codingPath: [any CodingKey]) -> String {
    var path = ""
    for key in codingPath {
        if let index = key.intValue {
            path += "[\(index)]"
        } else {
            path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
        }
    }
    return path
}
