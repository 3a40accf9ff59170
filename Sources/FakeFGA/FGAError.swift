import Foundation

/// An error answered the way OpenFGA does: a code string, a message and the HTTP status it maps to.
public struct FGAError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, which decides the HTTP status.
    public enum Kind: Sendable, Equatable {
        /// 400: the request is invalid (OpenFGA's `ErrorCode`s).
        case validation
        /// 401: missing or invalid credentials.
        case authentication
        /// 404: unknown store or endpoint.
        case notFound
        /// 500: an internal failure.
        case `internal`
    }

    /// The kind, deciding the HTTP status.
    public var kind: Kind
    /// OpenFGA's code string, such as `validation_error`.
    public var code: String
    /// The human-readable message.
    public var message: String

    public init(_ kind: Kind, code: String, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    /// The HTTP status OpenFGA answers with for this error.
    public var httpStatus: Int {
        switch kind {
        case .validation: 400
        case .authentication: 401
        case .notFound: 404
        case .internal: 500
        }
    }

    public var description: String { "\(code): \(message)" }

    /// A generic `validation_error`.
    public static func validation(_ message: String) -> FGAError {
        FGAError(.validation, code: "validation_error", message: message)
    }

    /// The store does not exist.
    public static let storeNotFound = FGAError(
        .notFound, code: "store_id_not_found", message: "Store ID not found")

    /// No route for this method and path.
    public static let undefinedEndpoint = FGAError(
        .notFound, code: "undefined_endpoint", message: "Not Found")

    /// The resolution depth limit was reached while evaluating a query.
    public static let resolutionTooComplex = FGAError(
        .validation, code: "authorization_model_resolution_too_complex",
        message:
            "Authorization Model resolution required too many rewrite rules to be resolved. "
            + "Check your authorization model for infinite recursion or too much nesting")

    /// The continuation token could not be decoded.
    public static let invalidContinuationToken = FGAError(
        .validation, code: "invalid_continuation_token", message: "Invalid continuation token")

    /// The named model does not exist in the store.
    public static func modelNotFound(_ id: String) -> FGAError {
        FGAError(
            .validation, code: "authorization_model_not_found",
            message: "Authorization Model '\(id)' not found")
    }

    /// The store has no model yet.
    public static func latestModelNotFound(_ store: String) -> FGAError {
        FGAError(
            .validation, code: "latest_authorization_model_not_found",
            message: "No authorization models found for store '\(store)'")
    }

    /// The type is not in the model.
    public static func typeNotFound(_ type: String) -> FGAError {
        FGAError(.validation, code: "type_not_found", message: "type '\(type)' not found")
    }

    /// The relation is not defined on the type.
    public static func relationNotFound(_ relation: String, type: String, tuple: FGATupleKey? = nil)
        -> FGAError
    {
        var message = "relation '\(type)#\(relation)' not found"
        if let tuple { message += " for tuple '\(tuple)'" }
        return FGAError(.validation, code: "relation_not_found", message: message)
    }

    /// A tuple that breaks the model's rules.
    public static func invalidTuple(_ tuple: FGATupleKey, reason: String) -> FGAError {
        .validation("Invalid tuple '\(tuple)'. Reason: \(reason)")
    }

    /// The model itself is invalid.
    public static func invalidModel(_ message: String) -> FGAError {
        FGAError(.validation, code: "invalid_authorization_model", message: message)
    }
}
