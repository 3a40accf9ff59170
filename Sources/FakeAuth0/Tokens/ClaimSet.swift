import Foundation
import JWTKit

/// The claims of a JWT as an open set of JSON values, so grants can add claims without new types.
public struct ClaimSet: JWTPayload, Equatable {
    public var claims: [String: JSONValue]

    public init(_ claims: [String: JSONValue] = [:]) { self.claims = claims }

    public init(from decoder: any Decoder) throws {
        claims = try [String: JSONValue](from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try claims.encode(to: encoder)
    }

    /// Signature checks happen in jwt-kit; time and audience checks use the tenant clock in `TokenVerifier`.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}

    public subscript(_ name: String) -> JSONValue? {
        get { claims[name] }
        set { claims[name] = newValue }
    }

    public var issuer: String? { claims["iss"]?.stringValue }
    public var subject: String? { claims["sub"]?.stringValue }
    public var expiresAt: Int? { claims["exp"]?.intValue }
    public var issuedAt: Int? { claims["iat"]?.intValue }

    /// `aud` as a list, whether the token carries one string or an array.
    public var audiences: [String] {
        switch claims["aud"] {
        case .string(let value): [value]
        case .array(let values): values.compactMap(\.stringValue)
        default: []
        }
    }

    /// The space-separated `scope` claim as a list.
    public var scopes: [String] { Scope.parse(claims["scope"]?.stringValue) }
}
