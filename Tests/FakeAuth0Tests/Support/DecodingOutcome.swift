@testable import FakeAuth0

/// What decoding a text gave: the value, or the problem a scenario file would report. With
/// `errorContext`, the problem is followed by the decoding error's own context (left out for a missing
/// key, whose description prints the key's type, which differs between decoders).
enum DecodingOutcome<T: Equatable>: Equatable, CustomStringConvertible {
    case value(T?)
    case failure(String)

    init(errorContext: Bool = false, _ body: () throws -> T?) {
        do {
            self = .value(try body())
        } catch let error as DecodingError {
            let problem = ScenarioLoader.problem(from: error, file: "f.yaml").description
            guard errorContext else {
                self = .failure(problem)
                return
            }
            let context: DecodingError.Context? =
                switch error {
                case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                    context
                default: nil
                }
            self = .failure("\(problem) [\(context?.debugDescription ?? "")]")
        } catch {
            self = .failure("\(type(of: error)): \(error)")
        }
    }

    var description: String {
        switch self {
        case .value(let value): return value.map { "value \(String(describing: $0).prefix(300))" } ?? "empty"
        case .failure(let problem): return problem
        }
    }
}
