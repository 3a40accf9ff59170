import Foundation

/// Why an authorization model (DSL or JSON) was refused, with the DSL line when known.
public struct FGAModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line of the DSL text, when the model came from the DSL.
    public var line: Int?
    /// What is wrong.
    public var message: String

    public init(line: Int? = nil, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }
}
